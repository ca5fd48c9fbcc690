BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $courseId = '65a1f0c2e4b0a1b2c3d4e5f6'
    $media = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'media')).FullName
    $model = (New-TinyWhisperModel -Path (Join-Path $TestDrive 'ggml-tiny-test.bin')).FullName
    $lecture = & (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Lecture -Path (Join-Path $media 'lecture.mp4') -Width 640 -Height 360 -Duration 8
    # Small and fast on two cores: two rungs, 2 s segments.
    $common = @{ Model = $model; Quality = '360p', '240p'; SegmentDuration = 2 }

    function Copy-Lecture([string] $Name = 'lecture') {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))
        Copy-Item -LiteralPath $lecture.FullName -Destination (Join-Path $folder "$Name.mp4") -PassThru
    }

    function Get-PackageFile([string] $Folder) {
        Get-ChildItem -LiteralPath $Folder -Recurse -File | Where-Object Name -NotLike '.*' |
            ForEach-Object { [IO.Path]::GetRelativePath($Folder, $_.FullName).Replace('\', '/') } | Sort-Object
    }

    function Start-PublishProcess([string] $Source, [string] $Extra = '') {
        <# Publishes in a pwsh of its own, so that a test can kill it; its verbose and debug lines come out on stdout. #>
        $command = "Import-Module '$($script:ModuleManifest)'; `$DebugPreference = 'Continue'; " +
            "Publish-HlsVideo -LiteralPath '$Source' -CourseId $courseId -Name 'Crash test' -Language en -Model '$model' -Quality 360p,240p -SegmentDuration 2 -ThrottleLimit 2 -Verbose $Extra *>&1"
        [System.Diagnostics.Process]::Start((New-PwshStartInfo -Command $command -Environment @{ BACKEND_URL = $env:BACKEND_URL; AUTH_TOKEN = $env:AUTH_TOKEN; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME; XDG_STATE_HOME = $env:XDG_STATE_HOME }))
    }

    function Stop-WhenSeen([System.Diagnostics.Process] $Process, [string] $Pattern) {
        <# Reads the child's output until a line matches, then kills it with SIGKILL: no cleanup runs. #>
        try {
            while ($null -ne ($line = $Process.StandardOutput.ReadLine())) {
                if ($line -match $Pattern) {
                    & kill -9 $Process.Id
                    $Process.WaitForExit()
                    return $true
                }
            }
            $false
        }
        finally {
            if (-not $Process.HasExited) { $Process.Kill($true) }
        }
    }
}

Describe 'Publish-HlsVideo' {
    BeforeAll {
        $platform = Get-TestPlatform
    }
    BeforeEach {
        $saved = Enter-PlatformTest $platform
    }
    AfterEach {
        Restore-HlsEncoderEnvironment $saved
    }

    Context 'one video, end to end' {
        BeforeAll {
            Reset-LocalPlatform -Platform $platform -Files
            Set-PlatformEnvironment $platform
            $source = Copy-Lecture
            $prefix = Get-VideoPrefix -CourseId $courseId -Name 'Session 1 - Introduction' -Source $source.FullName
            $result = Publish-HlsVideo -Path $source.FullName -CourseId $courseId -Name 'Session 1 - Introduction' -Language en @common
            $stored = @(Get-LocalPlatformFileRecord -Platform $platform)
            $puts = Get-LocalPlatformS3Put -Platform $platform
        }

        It 'returns the published record with its master URL and phase timings' {
            $result.PSTypeNames[0] | Should -Be 'HlsEncoder.Publishing.PublishResult'
            $result.Id | Should -Match '^[0-9a-f]{24}$'
            $result.AlreadyPublished | Should -BeFalse
            $result.HasTranscript | Should -BeTrue
            $result.MasterUrl | Should -Be "$($platform.PublicBaseUrl)/${prefix}master.m3u8"
            $result.Prefix | Should -Be $prefix
            $result.KeyLayout | Should -Be 'Video'
            $result.Timings.EncodeTime | Should -BeGreaterThan ([timespan]::Zero)
            $result.Timings.TotalTime | Should -BeGreaterOrEqual ($result.Timings.EncodeTime + $result.Timings.UploadTime)
        }

        It 'leaves the bucket holding exactly the contract layout, each object once' {
            $files = Get-PackageFile $result.PackagePath
            @($puts.Keys | Sort-Object) | Should -Be @($files | ForEach-Object { "$prefix$_" })
            @($puts.Values | Where-Object { $_ -ne 1 }).Count | Should -Be 0
            foreach ($expected in 'master.m3u8', '360p/index.m3u8', '360p/iframe_index.m3u8', '360p/seg_000.ts', '240p/index.m3u8', '240p/iframe_index.m3u8', 'poster.jpg', 'storyboard/thumbnails.vtt', 'storyboard/sheet_0.jpg', 'transcript.srt', 'transcript.vtt', 'transcript.txt', 'transcript.json') {
                $files | Should -Contain $expected
            }
            @($files | Where-Object { $_ -notmatch '^(master\.m3u8|poster\.jpg|storyboard/sheet_\d+\.jpg|(360p|240p)/(index\.m3u8|seg_\d{3}\.ts)|transcript\.(srt|vtt|txt|json)|[^/]+/[^/]+\.(m3u8|vtt))$' }) | Should -BeNullOrEmpty
        }

        It 'creates exactly one File record whose body matches the contract field by field' {
            $stored.Count | Should -Be 1
            $body = $stored[0]
            $body.name | Should -Be 'Session 1 - Introduction'
            $body.courseId | Should -Be $courseId
            $body.language | Should -Be 'en'
            $body.type | Should -Be 'hls'
            $body.duration | Should -Be 8
            $body.qualities | Should -Be @('360p', '240p')
            $body.uploadedBy | Should -Match '^hlsencoder/\d+\.\d+\.\d+$'
            $body.s3Keys.master | Should -Be "${prefix}master.m3u8"
            $body.s3Keys.qualities.'360p' | Should -Be "${prefix}360p/index.m3u8"
            $body.s3Keys.qualities.'240p' | Should -Be "${prefix}240p/index.m3u8"
            $body.s3Keys.transcript.srt | Should -Be "${prefix}transcript.srt"
            $body.s3Keys.transcript.txt | Should -Be "${prefix}transcript.txt"
            $body.s3Keys.transcript.json | Should -Be "${prefix}transcript.json"
            $body.s3Keys.transcript.vtt | Should -Be "${prefix}transcript.vtt"
            $body.s3Keys.iframes.'360p' | Should -Be "${prefix}360p/iframe_index.m3u8"
            $body.s3Keys.iframes.'240p' | Should -Be "${prefix}240p/iframe_index.m3u8"
            $body.s3Keys.poster | Should -Be "${prefix}poster.jpg"
            $body.s3Keys.thumbnails | Should -Be "${prefix}storyboard/thumbnails.vtt"
            $body.s3Keys.PSObject.Properties.Name | Should -Not -Contain 'downloads' -Because 'downloads are opt-in'
            $body._id | Should -Be $result.Id
        }

        It 'plays from S3 in Chromium with hls.js: every level and the subtitle track' {
            # Playback starts on the first variant listed (360p, level 1 once hls.js sorts by bit rate); force the other.
            $report = Invoke-Playback -Url $result.MasterUrl -Seconds 4 -SwitchLevel 0 -SubtitleTrack 0

            $report.supported | Should -BeTrue
            @($report.levels).Count | Should -Be 2
            @($report.subtitleTracks).Count | Should -Be 1
            $report.subtitleTracks[0].lang | Should -Be 'en'
            @($report.errors | Where-Object fatal) | Should -BeNullOrEmpty
            @($report.httpErrors) | Should -BeNullOrEmpty
            $report.currentTime | Should -BeGreaterOrEqual 4
            @($report.levelSwitches | Where-Object level -eq 0) | Should -Not -BeNullOrEmpty
            @($report.textTracks | Where-Object { $_.kind -eq 'subtitles' -and $_.cues -gt 0 }) | Should -Not -BeNullOrEmpty
        }

        It 'keeps its state beside the package, with the record id and neither the token nor a signature' {
            $statePath = Join-Path (Split-Path -Parent $result.PackagePath) ".$(Split-Path -Leaf $result.PackagePath).publish.json"
            $state = Get-Content -LiteralPath $statePath -Raw

            $publications = @(($state | ConvertFrom-Json).publications)
            $publications.Count | Should -Be 1
            $publications[0].fileRecord.Id | Should -Be $result.Id
            $publications[0].prefix | Should -Be $prefix
            $state | Should -Not -Match ([regex]::Escape($env:AUTH_TOKEN))
            $state | Should -Not -Match 'X-Amz-'
            $uploadState = Get-Content -LiteralPath (Join-Path $result.PackagePath '.upload_state.json') -Raw
            $uploadState | Should -Not -Match ([regex]::Escape($env:AUTH_TOKEN))
            $uploadState | Should -Not -Match 'X-Amz-'
        }

        It 'says it is already published on a re-run, returns the same record and sends nothing' {
            Reset-LocalPlatform -Platform $platform

            $again = Publish-HlsVideo -Path $source.FullName -CourseId $courseId -Name 'Session 1 - Introduction' -Language en @common -Verbose 4>&1

            $record = $again | Where-Object { $_.PSTypeNames[0] -eq 'HlsEncoder.Publishing.PublishResult' }
            $record.Id | Should -Be $result.Id
            $record.AlreadyPublished | Should -BeTrue
            ($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match "already published as 'Session 1 - Introduction' in $([regex]::Escape($prefix)) \(File record $($result.Id)\)"
            @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0 -Because 'no presign, no record'
            @(Get-LocalPlatformS3Request -Platform $platform).Count | Should -Be 0
        }

        It 'publishes the same video to another course as a second record, from the same package' {
            Reset-LocalPlatform -Platform $platform
            $encodedAt = (Get-Content -LiteralPath (Join-Path $result.PackagePath '.hlsencoder-package.json') -Raw | ConvertFrom-Json).createdAt

            $other = Publish-HlsVideo -Path $source.FullName -CourseId 'aaaaaaaaaaaaaaaaaaaaaaaa' -Name 'Session 1 - Introduction' -Language en @common

            $other.Id | Should -Not -Be $result.Id
            $other.Prefix | Should -Be (Get-VideoPrefix -CourseId 'aaaaaaaaaaaaaaaaaaaaaaaa' -Name 'Session 1 - Introduction' -Source $source.FullName)
            @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 1
            (Get-Content -LiteralPath (Join-Path $result.PackagePath '.hlsencoder-package.json') -Raw | ConvertFrom-Json).createdAt | Should -Be $encodedAt -Because 'the package is not encoded again'
        }

        It 'with -Download also uploads download.mp4 and audio.m4a, remuxed from the package, and names them in s3Keys' {
            Reset-LocalPlatform -Platform $platform
            $encodedAt = (Get-Content -LiteralPath (Join-Path $result.PackagePath '.hlsencoder-package.json') -Raw | ConvertFrom-Json).createdAt

            $withDownloads = Publish-HlsVideo -Path $source.FullName -CourseId 'bbbbbbbbbbbbbbbbbbbbbbbb' -Name 'Session 1 - Introduction' -Language en -Download @common

            $body = @(Get-LocalPlatformFileRecord -Platform $platform)[0]
            $body.s3Keys.downloads.mp4 | Should -Be "$($withDownloads.Prefix)download.mp4"
            $body.s3Keys.downloads.m4a | Should -Be "$($withDownloads.Prefix)audio.m4a"
            $presigned = @(Get-LocalPlatformRequest -Platform $platform | Where-Object route -EQ 'presign' | Where-Object { $_.key -like '*/download.mp4' -or $_.key -like '*/audio.m4a' } | ForEach-Object { "$($_.key -replace '^.*/', '') $($_.contentType)" } | Sort-Object)
            $presigned | Should -Be @('audio.m4a audio/mp4', 'download.mp4 video/mp4')
            (Get-LocalPlatformS3Put -Platform $platform)["$($withDownloads.Prefix)download.mp4"] | Should -Be 1
            (Get-Content -LiteralPath (Join-Path $result.PackagePath '.hlsencoder-package.json') -Raw | ConvertFrom-Json).createdAt | Should -Be $encodedAt -Because 'downloads are remuxed from the package, not encoded again'
        }
    }

    Context 'batches' {
        It 'publishes rows of a CSV file and goes on past a bad one: two records, one error' {
            $a = Copy-Lecture 'alpha'; $b = Copy-Lecture 'beta'
            $csv = Join-Path $TestDrive 'lessons.csv'
            @(
                [pscustomobject]@{ Path = $a.FullName; CourseId = $courseId; Name = 'Alpha lesson'; Language = 'en' }
                [pscustomobject]@{ Path = (Join-Path $TestDrive 'missing.mp4'); CourseId = $courseId; Name = 'Missing'; Language = 'en' }
                [pscustomobject]@{ Path = $b.FullName; CourseId = $courseId; Name = 'Beta lesson'; Language = 'fr' }
            ) | Export-Csv -LiteralPath $csv

            $results = Import-Csv -LiteralPath $csv | Publish-HlsVideo @common -ErrorVariable failures -ErrorAction SilentlyContinue

            $results.Name | Should -Be @('Alpha lesson', 'Beta lesson')
            $results.Language | Should -Be @('en', 'fr')
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'SourceNotFound,*'
            "$($failures[0])" | Should -Match 'missing\.mp4'
            @(Get-LocalPlatformFileRecord -Platform $platform).name | Should -Be @('Alpha lesson', 'Beta lesson')
        }

        It 'names videos from Get-ChildItem after their files, without the extension' {
            $source = Copy-Lecture 'Week 2 - Loops'

            $result = Get-ChildItem -LiteralPath $source.FullName | Publish-HlsVideo -CourseId $courseId @common -SkipTranscription

            $result.Name | Should -Be 'Week 2 - Loops'
            $result.HasTranscript | Should -BeFalse
            (Get-LocalPlatformFileRecord -Platform $platform).s3Keys.PSObject.Properties.Name | Should -Not -Contain 'transcript'
        }

        It 'refuses a row with a bad course id before any request, and publishes the others' {
            $a = Copy-Lecture 'alpha'

            $rows = @(
                [pscustomobject]@{ Path = $a.FullName; CourseId = 'not-a-course-id'; Name = 'x' }
                [pscustomobject]@{ Path = $a.FullName; CourseId = $courseId; Name = 'Good' }
            )
            $results = $rows | Publish-HlsVideo @common -SkipTranscription -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures.Count | Should -Be 1
            "$($failures[0])" | Should -Match '24 hexadecimal'
            $results.Name | Should -Be 'Good'
        }

        It 'stops the whole batch at once on a refused token' {
            Set-PlatformEnvironment $platform -As Expired
            $a = Copy-Lecture 'alpha'; $b = Copy-Lecture 'beta'

            { $a, $b | Publish-HlsVideo -CourseId $courseId @common -SkipTranscription } | Should -Throw -ErrorId 'BackendUnauthorized,*'

            @(Get-LocalPlatformRequest -Platform $platform | Where-Object route -eq 'presign').Count | Should -BeLessOrEqual 8
            @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 0
        }
    }

    Context 'remembered defaults' {
        It 'uses Set-HlsEncoderDefault values, lets explicit parameters win, and never stores a secret' {
            $source = Copy-Lecture 'defaults'
            Set-HlsEncoderDefault -CourseId $courseId -Language fr -DeleteLocal

            $remembered = Get-HlsEncoderDefault
            $result = Publish-HlsVideo -Path $source.FullName @common -SkipTranscription
            Test-Path -LiteralPath $result.PackagePath | Should -BeFalse -Because 'the remembered -DeleteLocal applies'
            $explicit = Publish-HlsVideo -Path $source.FullName -Language de -Name 'Explicit' @common -SkipTranscription -Force -DeleteLocal:$false

            $remembered.CourseId | Should -Be $courseId
            $remembered.Path | Should -BeLike "$env:XDG_CONFIG_HOME*HlsEncoder*defaults.json"
            $result.CourseId | Should -Be $courseId
            $result.Language | Should -Be 'fr'
            $explicit.Language | Should -Be 'de'
            $explicit.Name | Should -Be 'Explicit'
            Test-Path -LiteralPath $explicit.PackagePath | Should -BeTrue
            $json = Get-Content -LiteralPath $remembered.Path -Raw
            $json | Should -Not -Match ([regex]::Escape($env:AUTH_TOKEN))
            (ConvertFrom-Json $json).PSObject.Properties.Name | Should -Be @('courseId', 'name', 'language', 'deleteLocal')
            Set-HlsEncoderDefault -Clear
            Test-Path -LiteralPath $remembered.Path | Should -BeFalse
        }

        It 'refuses an invalid default with the rule' {
            { Set-HlsEncoderDefault -CourseId 'abc' -ErrorAction Stop } | Should -Throw -ExpectedMessage '*24 hexadecimal*'
        }

        It 'keeps knowing a video is published after -DeleteLocal removed its package' {
            $source = Copy-Lecture 'deleted'

            $first = Publish-HlsVideo -Path $source.FullName -CourseId $courseId @common -SkipTranscription -DeleteLocal
            $second = Publish-HlsVideo -Path $source.FullName -CourseId $courseId @common -SkipTranscription

            Test-Path -LiteralPath $first.PackagePath | Should -BeFalse
            $second.AlreadyPublished | Should -BeTrue
            $second.Id | Should -Be $first.Id
            @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 1
        }
    }

    Context 'crash safety' {
        It 'after kill -9 during <Phase>, a re-run gives one complete upload and exactly one File record' -ForEach @(
            @{ Phase = 'encoding'; Pattern = ': encoding into '; S3DelayMs = 0; FilesDelayMs = 0 }
            @{ Phase = 'transcription'; Pattern = ': transcribing \('; S3DelayMs = 0; FilesDelayMs = 0 }
            @{ Phase = 'upload'; Pattern = 'uploaded .+ MD5 [0-9a-f]{32} verified'; S3DelayMs = 150; FilesDelayMs = 0 }
            @{ Phase = 'the File record'; Pattern = ': creating the File record'; S3DelayMs = 0; FilesDelayMs = 5000 }
        ) {
            $source = Copy-Lecture 'crash'
            if ($S3DelayMs) { Set-LocalPlatformS3Fault -Platform $platform -Status 0 -Count 10000 -DelayMs $S3DelayMs }
            if ($FilesDelayMs) { Set-LocalPlatformFault -Platform $platform -Route files -Status 0 -Count 1 -DelayMs $FilesDelayMs }

            Stop-WhenSeen (Start-PublishProcess $source.FullName) $Pattern | Should -BeTrue
            Reset-LocalPlatform -Platform $platform
            $result = Publish-HlsVideo -LiteralPath $source.FullName -CourseId $courseId -Name 'Crash test' -Language en @common -ThrottleLimit 2
            $prefix = $result.Prefix

            $result.AlreadyPublished | Should -BeFalse
            @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 1
            foreach ($file in Get-PackageFile $result.PackagePath) {
                $answer = Invoke-WebRequest -Uri "$($platform.PublicBaseUrl)/$prefix$file"
                $local = (Get-FileHash -LiteralPath (Join-Path $result.PackagePath $file) -Algorithm MD5).Hash.ToLowerInvariant()
                $answer.Headers['ETag'] | Should -Be "`"$local`"" -Because "$file must be the local file"
            }
        }
    }

    Context 'runbooks' {
        It 'shows one overall bar with the converter''s phase split and a child bar for the phase' {
            $source = Copy-Lecture 'progress'
            $shell = [powershell]::Create()
            try {
                $null = $shell.AddScript("Import-Module '$($script:ModuleManifest)'; `$ProgressPreference = 'Continue'").AddStatement().
                    AddCommand('Publish-HlsVideo').AddParameter('Path', $source.FullName).AddParameter('CourseId', $courseId).AddParameter('Model', $model).
                    AddParameter('Quality', @('240p')).AddParameter('SegmentDuration', 2)
                $null = $shell.Invoke()
                $shell.Streams.Error | Should -BeNullOrEmpty
                $overall = @($shell.Streams.Progress | Where-Object { $_.Activity -like 'Publishing progress.mp4*' -and $_.RecordType -eq 'Processing' })
                $phases = @($shell.Streams.Progress | Where-Object ParentActivityId -eq $overall[0].ActivityId)
            }
            finally { $shell.Dispose() }

            $percents = $overall.PercentComplete
            $percents | Should -Be ($percents | Sort-Object) -Because 'the overall bar only moves forward'
            foreach ($mark in 55, 75, 95, 98, 100) { $percents | Should -Contain $mark }
            foreach ($phase in @(@{ Name = 'Encoding'; From = 0; To = 55 }, @{ Name = 'Transcription'; From = 55; To = 75 },
                    @{ Name = 'Upload'; From = 75; To = 95 }, @{ Name = 'FileRecord'; From = 95; To = 98 })) {
                $inPhase = @($overall | Where-Object StatusDescription -like "$($phase.Name) *").PercentComplete
                $inPhase | Should -Not -BeNullOrEmpty -Because "the $($phase.Name) phase is shown"
                $inPhase | ForEach-Object { $_ | Should -BeGreaterOrEqual $phase.From; $_ | Should -BeLessOrEqual $phase.To }
            }
            ($phases | Where-Object Activity -eq 'Upload').StatusDescription | Should -Match '^Uploading \d+/\d+ \(.+\)$'
        }

        It 'makes pwsh -File exit non-zero under -ErrorAction Stop when a video fails' {
            $script = Join-Path $TestDrive 'publish.ps1'
            Set-Content -LiteralPath $script -Value "Import-Module '$($script:ModuleManifest)'; Publish-HlsVideo -Path '$TestDrive/nope.mp4' -CourseId $courseId -SkipTranscription -ErrorAction Stop; 'not reached'"
            $start = New-PwshStartInfo -Command 'unused' -Environment @{ BACKEND_URL = $env:BACKEND_URL; AUTH_TOKEN = $env:AUTH_TOKEN }
            $start.ArgumentList.Clear()
            if ([IO.Path]::GetFileNameWithoutExtension($start.FileName) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
            foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $script) { $start.ArgumentList.Add($argument) }
            $process = [System.Diagnostics.Process]::Start($start)
            $output = $process.StandardOutput.ReadToEnd() + $process.StandardError.ReadToEnd()
            $process.WaitForExit()

            $process.ExitCode | Should -Be 1
            # The console wraps the message; join its lines back.
            ($output -replace '\s*\r?\n\s*\|?\s*', ' ') | Should -Match 'nope\.mp4 does not exist'
            $output | Should -Not -Match 'not reached'
        }

        It 'makes pwsh -Command exit non-zero when one video of a batch fails, after publishing the others' {
            $good = Copy-Lecture 'good'

            $run = Invoke-ChildPwsh -Command "'$($good.FullName)', '$TestDrive/nope.mp4' | Publish-HlsVideo -CourseId $courseId -Model '$model' -Quality 240p -SegmentDuration 2" -Environment @{ BACKEND_URL = $env:BACKEND_URL; AUTH_TOKEN = $env:AUTH_TOKEN; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME }

            $run.ExitCode | Should -Be 1
            @(Get-LocalPlatformFileRecord -Platform $platform).name | Should -Be @('good')
        }

        It 'publishes nothing with -WhatIf' {
            $source = Copy-Lecture 'whatif'

            Publish-HlsVideo -Path $source.FullName -CourseId $courseId @common -WhatIf

            @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0
            Test-Path -LiteralPath (Join-Path $source.DirectoryName 'whatif') | Should -BeFalse
        }

        It 'refuses -Prompt or -NoSilenceSkip with -SkipTranscription before any video' {
            $source = Copy-Lecture 'skipwith'

            { Publish-HlsVideo -Path $source.FullName -CourseId $courseId @common -SkipTranscription -Prompt 'HLS, WebVTT' -ErrorAction Stop } |
                Should -Throw -ErrorId 'SkipTranscriptionWithOptions,*'
            { Publish-HlsVideo -Path $source.FullName -CourseId $courseId @common -SkipTranscription -NoSilenceSkip -ErrorAction Stop } |
                Should -Throw -ErrorId 'SkipTranscriptionWithOptions,*'
            @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0
            Test-Path -LiteralPath (Join-Path $source.DirectoryName 'skipwith') | Should -BeFalse
        }

        It 'refuses a missing model before any video, saying how to get one' {
            $source = Copy-Lecture 'nomodel'

            { Publish-HlsVideo -Path $source.FullName -CourseId $courseId -Model (Join-Path $TestDrive 'none.bin') -ErrorAction Stop } |
                Should -Throw -ExpectedMessage '*Save-WhisperModel*'
            Test-Path -LiteralPath (Join-Path $source.DirectoryName 'nomodel') | Should -BeFalse
        }
    }
}
