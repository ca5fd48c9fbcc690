BeforeDiscovery {
    $courseId = '65a1f0c2e4b0a1b2c3d4e5f6'
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $courseId = '65a1f0c2e4b0a1b2c3d4e5f6'

    # One real package, encoded once; each test uploads its own copy so that states never mix.
    $media = Join-Path $TestDrive 'media'
    $null = New-Item -ItemType Directory -Path $media
    $clip = & (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Motion -Path (Join-Path $media 'lecture.mp4') -Width 640 -Height 360 -Duration 8
    $master = Invoke-HlsEncode -LiteralPath $clip.FullName -OutputPath (Join-Path $media 'package') -Quality 360p, 240p -SegmentDuration 2
    # Each test names its video; its folder is named after the name and the clip's content.
    function Get-Prefix([string] $Name) { Get-VideoPrefix -CourseId $courseId -Name $Name -Source $clip.FullName }
    $prefix = Get-Prefix 'x'

    function Copy-TestPackage {
        $target = Join-Path $TestDrive ([guid]::NewGuid().ToString('N'))
        Copy-Item -LiteralPath $master.OutputPath -Destination $target -Recurse
        $target
    }

    function Get-PackageFile([string] $Folder) {
        Get-ChildItem -LiteralPath $Folder -Recurse -File | Where-Object Name -NotLike '.*' |
            ForEach-Object { [IO.Path]::GetRelativePath($Folder, $_.FullName).Replace('\', '/') } | Sort-Object
    }
}

Describe 'Send-HlsToS3' {
    BeforeAll {
        $platform = Get-TestPlatform
    }
    BeforeEach {
        $saved = Enter-PlatformTest $platform
    }
    AfterEach {
        Restore-HlsEncoderEnvironment $saved
    }

    It 'uploads a package from the pipeline in the contract layout and binds into New-BackendFileRecord' {
        $folder = Copy-TestPackage
        $prefix = Get-Prefix 'Session 1 - Introduction'

        $record = Get-Item -LiteralPath $folder | Send-HlsToS3 -CourseId $courseId -Name 'Session 1 - Introduction' | New-BackendFileRecord

        $files = Get-PackageFile $folder
        $files | Should -Contain 'master.m3u8'
        $files | Should -Contain '360p/index.m3u8'
        $files | Should -Contain '240p/seg_000.ts'
        $puts = Get-LocalPlatformS3Put -Platform $platform
        @($puts.Keys | Sort-Object) | Should -Be @($files | ForEach-Object { "$prefix$_" })
        @($puts.Values | Where-Object { $_ -ne 1 }).Count | Should -Be 0
        $record.PSTypeNames[0] | Should -Be 'HlsEncoder.Backend.FileRecord'
        $record.Qualities | Should -Be @('360p', '240p')
        $record.S3Keys.Qualities['240p'] | Should -Be "${prefix}240p/index.m3u8"
        $record.MasterUrl | Should -Be "$($platform.PublicBaseUrl)/${prefix}master.m3u8"
        $stored = @(Get-LocalPlatformFileRecord -Platform $platform)
        $stored.Count | Should -Be 1
        $stored[0].duration | Should -Be 8
    }

    Context 'HLS folders that another tool made' {
        BeforeAll {
            function New-PlainFfmpegLadder([string] $Folder) {
                <# What an admin gets from plain ffmpeg: two rungs through -var_stream_map, playlists and segments side by side. #>
                $null = New-Item -ItemType Directory -Force -Path $Folder
                Push-Location -LiteralPath $Folder
                try {
                    & ffmpeg -hide_banner -loglevel error -f lavfi -i 'testsrc2=size=640x360:rate=25:duration=6' -f lavfi -i 'sine=frequency=440:duration=6' `
                        -filter_complex '[0:v]split=2[a][b];[a]scale=640:360[v0];[b]scale=426:240[v1]' -map '[v0]' -map 1:a -map '[v1]' -map 1:a `
                        -c:v libx264 -preset ultrafast -g 50 -c:a aac -f hls -hls_time 2 -hls_playlist_type vod -master_pl_name master.m3u8 `
                        -var_stream_map 'v:0,a:0 v:1,a:1' -hls_segment_filename 'stream_%v_%03d.ts' 'stream_%v.m3u8'
                    if ($LASTEXITCODE -ne 0) { throw "ffmpeg failed making a plain ladder in $Folder" }
                }
                finally { Pop-Location }
                $Folder
            }
        }

        It 'uploads and registers a plain ffmpeg ladder, which then plays from S3' {
            $folder = New-PlainFfmpegLadder (Join-Path $TestDrive 'plain-ffmpeg')
            @(Get-ChildItem -LiteralPath $folder -Force -Filter '.hlsencoder-package.json') | Should -BeNullOrEmpty

            $record = Send-HlsToS3 -Path $folder -CourseId $courseId -Name 'Plain ffmpeg' | New-BackendFileRecord
            $again = Send-HlsToS3 -Path $folder -CourseId $courseId -Name 'Plain ffmpeg'

            $prefix = $again.Prefix
            $prefix | Should -Match "^courses/$courseId/en/plain-ffmpeg-[0-9a-f]{10}/$"
            $again.Skipped | Should -Be @(Get-PackageFile $folder).Count -Because 'the same folder lands on the same keys'
            $record.Qualities | Should -Be @('360p', '240p')
            $record.S3Keys.Master | Should -Be "${prefix}master.m3u8"
            $record.S3Keys.Qualities['240p'] | Should -Be "${prefix}stream_1.m3u8"
            $record.Duration | Should -Be 6
            @((Get-LocalPlatformS3Put -Platform $platform).Keys | Sort-Object) | Should -Be @(Get-PackageFile $folder | ForEach-Object { "$prefix$_" })
            @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 1
            $report = Invoke-Playback -Url $record.MasterUrl -Seconds 2
            @($report.levels).Count | Should -Be 2
            @($report.errors | Where-Object fatal) | Should -BeNullOrEmpty
            @($report.httpErrors) | Should -BeNullOrEmpty
            $report.currentTime | Should -BeGreaterOrEqual 2
        }

        It 'refuses a folder with a missing segment before any request, naming the file' {
            $folder = New-PlainFfmpegLadder (Join-Path $TestDrive 'plain-broken')
            Remove-Item -LiteralPath (Join-Path $folder 'stream_1_001.ts')

            { Send-HlsToS3 -Path $folder -CourseId $courseId -Name 'Broken' -ErrorAction Stop } |
                Should -Throw -ErrorId 'NotAnHlsPackage,*' -ExpectedMessage '*stream_1_001.ts*'
            @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0
        }
    }

    It 'stores every object with the contract Content-Type and the bytes of the local file' {
        $folder = Copy-TestPackage

        $result = Send-HlsToS3 -Path $folder -CourseId $courseId -Name x

        $result.PSTypeNames[0] | Should -Be 'HlsEncoder.Upload.UploadResult'
        $result.Uploaded | Should -Be @(Get-PackageFile $folder).Count
        $expected = @{ '.m3u8' = 'application/vnd.apple.mpegurl'; '.ts' = 'video/mp2t'; '.jpg' = 'image/jpeg'; '.vtt' = 'text/vtt' }
        foreach ($file in Get-PackageFile $folder) {
            $answer = Invoke-WebRequest -Uri "$($platform.PublicBaseUrl)/$prefix$file"
            $answer.Headers['Content-Type'] | Should -Be $expected[[IO.Path]::GetExtension($file)]
            $local = (Get-FileHash -LiteralPath (Join-Path $folder $file) -Algorithm MD5).Hash.ToLowerInvariant()
            $answer.Headers['ETag'] | Should -Be "`"$local`""
        }
    }

    It 'sends the master playlist last' {
        $folder = Copy-TestPackage

        $null = Send-HlsToS3 -LiteralPath $folder -CourseId $courseId -Name x

        $order = @(Get-LocalPlatformS3Request -Platform $platform | Where-Object status -eq 200 | ForEach-Object key)
        $order[-1] | Should -Be "${prefix}master.m3u8"
    }

    It 'lists keys and content types with -WhatIf and sends nothing' {
        $folder = Copy-TestPackage

        # What-if lines go to the host, so run it where the host is a console whose output can be read.
        $whatIf = (Invoke-ChildPwsh -Command "Send-HlsToS3 -Path '$folder' -CourseId $courseId -Name x -WhatIf" -Environment @{ BACKEND_URL = $env:BACKEND_URL; AUTH_TOKEN = $env:AUTH_TOKEN }).Output

        $whatIf | Should -Match ([regex]::Escape("Upload 240p/seg_000.ts as video/mp2t"))
        $whatIf | Should -Match ([regex]::Escape("${prefix}master.m3u8"))
        @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0
        @(Get-LocalPlatformS3Request -Platform $platform).Count | Should -Be 0
    }

    It 'refuses a bad course id before any request' {
        $folder = Copy-TestPackage

        { Send-HlsToS3 -Path $folder -CourseId 'not-a-course' -Name x -ErrorAction Stop } | Should -Throw -ExpectedMessage '*24 hexadecimal*'
        @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0
    }

    It 'refuses a file the platform has no Content-Type for, before any request' {
        $folder = Copy-TestPackage
        Set-Content -LiteralPath (Join-Path $folder 'notes.docx') -Value 'x'

        Send-HlsToS3 -Path $folder -CourseId $courseId -Name x -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'UnknownContentType,*'
        @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0
    }

    It 'reports each failed file, writes no result, and a re-run sends only what is missing' {
        $folder = Copy-TestPackage
        # S3 refuses this one file on every attempt (a 403 is retried at once with a fresh URL, so this takes no backoff time).
        Set-LocalPlatformS3Fault -Platform $platform -Status 403 -Count 4 -KeyContains '240p/seg_001'

        $first = Send-HlsToS3 -Path $folder -CourseId $courseId -Name x -ErrorVariable failures -ErrorAction SilentlyContinue
        $second = Send-HlsToS3 -Path $folder -CourseId $courseId -Name x

        $first | Should -BeNullOrEmpty
        $ids = $failures | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }
        # 240p's playlists (its media and I-frame playlists) and the master wait for the segment they name.
        $ids | Should -Be @('UploadHeldBack', 'UploadHeldBack', 'UploadRejected', 'UploadHeldBack', 'UploadIncomplete')
        ($failures | Where-Object { $_.FullyQualifiedErrorId -like 'UploadRejected,*' }).TargetObject | Should -Be '240p/seg_001.ts'
        ($failures | Where-Object { $_.FullyQualifiedErrorId -like 'UploadRejected,*' }).CategoryInfo.Category | Should -Be 'PermissionDenied'
        ($failures | Where-Object { $_.FullyQualifiedErrorId -like 'UploadIncomplete,*' }).TargetObject.FailedFiles.RelativePath |
            Should -Be @('240p/iframe_index.m3u8', '240p/index.m3u8', '240p/seg_001.ts', 'master.m3u8')
        $second.Uploaded | Should -Be 4
        $second.Skipped | Should -Be (@(Get-PackageFile $folder).Count - 4)
        @((Get-LocalPlatformS3Put -Platform $platform).Values | Where-Object { $_ -ne 1 }).Count | Should -Be 0
        (Get-Content -LiteralPath (Join-Path $folder '.upload_state.json') -Raw | ConvertFrom-Json).targets.PSObject.Properties.Name | Should -Be @($prefix)
    }

    It 'stops at once on a token refused mid-upload, keeping the state' {
        $folder = Copy-TestPackage
        Set-LocalPlatformFault -Platform $platform -Route presign -Status 401 -Count 100 -AfterCount 3

        $caught = $null
        try { Send-HlsToS3 -Path $folder -CourseId $courseId -Name x -ThrottleLimit 1 -WarningVariable warnings -WarningAction SilentlyContinue }
        catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -BeLike 'BackendUnauthorized,*'

        @(Get-LocalPlatformRequest -Platform $platform | Where-Object route -eq 'presign').Count | Should -Be 4
        $state = Get-Content -LiteralPath (Join-Path $folder '.upload_state.json') -Raw | ConvertFrom-Json
        @($state.targets.$prefix.files.PSObject.Properties.Value | Where-Object status -eq 'uploaded').Count | Should -Be 3
        "$warnings" | Should -Match 'the same command resumes'
    }

    It 'deletes the local package after a complete upload with -DeleteLocal' {
        $folder = Copy-TestPackage

        $result = Send-HlsToS3 -Path $folder -CourseId $courseId -Name x -DeleteLocal

        $result.IsComplete | Should -BeTrue
        Test-Path -LiteralPath $folder | Should -BeFalse
    }

    It 'shows a parent record for the package and a child record for the current file' {
        $folder = Copy-TestPackage
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$($script:ModuleManifest)'; `$ProgressPreference = 'Continue'").AddStatement().
                AddCommand('Send-HlsToS3').AddParameter('Path', $folder).AddParameter('CourseId', $courseId).AddParameter('Name', 'x')
            $null = $shell.Invoke()

            $records = $shell.Streams.Progress
            $child = $records | Where-Object { $_.ParentActivityId -ge 0 -and $_.StatusDescription -match '^Uploading \d+/\d+ \((.+)\)$' }
            $child | Should -Not -BeNullOrEmpty
            $parent = $records | Where-Object ActivityId -eq $child[0].ParentActivityId
            $parent[0].Activity | Should -Be "Uploading to $prefix"
            ($parent | Where-Object RecordType -eq 'Completed') | Should -Not -BeNullOrEmpty
            $parent.StatusDescription | Where-Object { $_ -match '^\d+/\d+ files, [\d.]+ of [\d.]+ MB, [\d.]+ MB/s$' } | Should -Not -BeNullOrEmpty
        }
        finally { $shell.Dispose() }
    }

    It 'stops within a second on Ctrl+C, keeps the state, and a re-run completes' {
        $folder = Copy-TestPackage
        Set-LocalPlatformS3Fault -Platform $platform -Status 0 -Count 1000 -DelayMs 300
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$($script:ModuleManifest)'").AddStatement().
                AddCommand('Send-HlsToS3').AddParameter('Path', $folder).AddParameter('CourseId', $courseId).AddParameter('Name', 'x').AddParameter('ThrottleLimit', 2)
            $twoDone = [HlsEncoderTests.ProgressSignal]::When($shell.Streams.Progress, '^(\d+)/\d+ files', 2)
            $running = $shell.BeginInvoke()
            $twoDone.Wait([timespan]::FromSeconds(60)) | Should -BeTrue

            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $shell.Stop()
            # Stop() returns as the pipeline stops; the invocation's own completion is signalled just after.
            $finished = $running.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(1))
            $clock.Stop()

            $finished | Should -BeTrue
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 1
            Test-Path -LiteralPath (Join-Path $folder '.upload_state.json') | Should -BeTrue
        }
        finally {
            # Never close a runspace under a batch that is still winding down: that kills the whole process.
            if ($running) { $null = $running.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(30)) }
            $shell.Dispose()
        }

        Reset-LocalPlatform -Platform $platform
        $resumed = Send-HlsToS3 -Path $folder -CourseId $courseId -Name x
        $resumed.Skipped | Should -BeGreaterOrEqual 2
        $resumed.Uploaded + $resumed.Skipped | Should -Be @(Get-PackageFile $folder).Count
    }

    It 'survives kill -9 of the shell mid-upload: the re-run leaves the bucket complete and correct' {
        $folder = Copy-TestPackage
        Set-LocalPlatformS3Fault -Platform $platform -Status 0 -Count 1000 -DelayMs 200
        $command = "Import-Module '$($script:ModuleManifest)'; `$DebugPreference = 'Continue'; Send-HlsToS3 -Path '$folder' -CourseId $courseId -Name x -ThrottleLimit 2 5>&1"
        $child = [System.Diagnostics.Process]::Start((New-PwshStartInfo -Command $command -Environment @{ BACKEND_URL = $env:BACKEND_URL; AUTH_TOKEN = $env:AUTH_TOKEN }))
        try {
            $uploaded = 0
            while ($uploaded -lt 3 -and $null -ne ($line = $child.StandardOutput.ReadLine())) {
                if ($line -match 'uploaded .+ MD5 [0-9a-f]{32} verified') { $uploaded++ }
            }
            $uploaded | Should -Be 3
            # SIGKILL: no finally block, no state save; only what was already on disk survives.
            & kill -9 $child.Id
            $child.WaitForExit()
        }
        finally { if (-not $child.HasExited) { $child.Kill() } }

        Reset-LocalPlatform -Platform $platform
        $resumed = Send-HlsToS3 -Path $folder -CourseId $courseId -Name x

        $resumed.Skipped | Should -BeGreaterOrEqual 3
        foreach ($file in Get-PackageFile $folder) {
            $answer = Invoke-WebRequest -Uri "$($platform.PublicBaseUrl)/$prefix$file"
            $local = (Get-FileHash -LiteralPath (Join-Path $folder $file) -Algorithm MD5).Hash.ToLowerInvariant()
            $answer.Headers['ETag'] | Should -Be "`"$local`""
        }
    }
}
