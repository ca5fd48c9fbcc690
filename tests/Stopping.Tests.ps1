#Requires -Version 7.4
# How a job is stopped on a server: SIGTERM from a scheduler, systemd, a container runtime or
# Stop-Process, and kill -9 that no handler sees. Nothing the module started may outlive the work, no
# half-written package may remain, and the next run must finish the job with exactly one File record.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $courseId = '65a1f0c2e4b0a1b2c3d4e5f6'
    $media = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'media')).FullName
    $model = (New-TinyWhisperModel -Path (Join-Path $TestDrive 'ggml-tiny-test.bin')).FullName
    $lecture = & (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Lecture -Path (Join-Path $media 'lecture.mp4') -Width 640 -Height 360 -Duration 16
    $common = @{ Model = $model; Quality = '360p', '240p'; SegmentDuration = 2 }

    function Copy-Lecture {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))
        Copy-Item -LiteralPath $lecture.FullName -Destination (Join-Path $folder 'lecture.mp4') -PassThru
    }

    function Start-PublishProcess([string] $Source, [hashtable] $Environment = @{}) {
        <# Publishes in a pwsh of its own (the real pwsh, so that a signal reaches it); every stream comes out on stdout. #>
        $command = "Import-Module '$($script:ModuleManifest)'; `$DebugPreference = 'Continue'; " +
            "Publish-HlsVideo -LiteralPath '$Source' -CourseId $courseId -Name 'Stopped' -Language en -Model '$model' -Quality 360p,240p -SegmentDuration 2 -ThrottleLimit 2 -Verbose *>&1"
        $variables = @{ BACKEND_URL = $env:BACKEND_URL; AUTH_TOKEN = $env:AUTH_TOKEN; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME; XDG_STATE_HOME = $env:XDG_STATE_HOME }
        foreach ($name in $Environment.Keys) { $variables[$name] = $Environment[$name] }
        [System.Diagnostics.Process]::Start((New-PwshStartInfo -Command $command -Environment $variables))
    }

    function Wait-ForLine([System.Diagnostics.Process] $Process, [string] $Pattern) {
        <# Reads the child's output until a line matches; says whether one did, and what was read. #>
        $lines = [System.Collections.Generic.List[string]]::new()
        while ($null -ne ($line = $Process.StandardOutput.ReadLine())) {
            $lines.Add($line)
            if ($line -match $Pattern) { break }
        }
        [pscustomobject]@{ Matched = $null -ne $line; Text = $lines -join "`n" }
    }

    function Get-StartedFfmpeg([string] $Text) {
        <# The ffmpeg a run said it started ("Started ffmpeg: process N."), by its id. #>
        $id = [regex]::Matches($Text, 'Started ffmpeg: process (\d+)\.')[-1].Groups[1].Value
        Get-Process -Id $id
    }

    function Get-FfmpegProcess([string] $Path) {
        <# ffmpeg processes working on a file (a dead one that is not reaped yet has no command line). #>
        @(Get-Process -Name ffmpeg -ErrorAction Ignore | Where-Object { $_.CommandLine -like "*$Path*" })
    }

    function Assert-PublishedOnce([string] $Source) {
        <# A fresh run finishes the job: one File record, and every file in the bucket is the local file. #>
        Reset-LocalPlatform -Platform $platform
        $result = Publish-HlsVideo -LiteralPath $Source -CourseId $courseId -Name 'Stopped' -Language en @common -ThrottleLimit 2

        $result.AlreadyPublished | Should -BeFalse
        @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 1
        foreach ($file in Get-ChildItem -LiteralPath $result.PackagePath -Recurse -File | Where-Object Name -NotLike '.*') {
            $key = $result.Prefix + [IO.Path]::GetRelativePath($result.PackagePath, $file.FullName).Replace('\', '/')
            $answer = Invoke-WebRequest -Uri "$($platform.PublicBaseUrl)/$key"
            $answer.Headers['ETag'] | Should -Be "`"$((Get-FileHash -LiteralPath $file.FullName -Algorithm MD5).Hash.ToLowerInvariant())`"" -Because "$key must be the local file"
        }
    }
}

Describe 'Stopping a run' {
    BeforeAll {
        $platform = Get-TestPlatform
    }
    BeforeEach {
        $saved = Enter-PlatformTest $platform
    }
    AfterEach {
        Restore-HlsEncoderEnvironment $saved
    }

    Context 'SIGTERM' {
        It 'during <Phase>: ffmpeg is gone within 2 s, the state is saved, pwsh exits 143, and a re-run publishes once' -ForEach @(
            @{ Phase = 'encoding'; Pattern = '^DEBUG: Running in .+ffmpeg .+-f hls '; S3DelayMs = 0; RunsFfmpeg = $true }
            @{ Phase = 'transcription'; Pattern = '^DEBUG: Running: .+ffmpeg .+pcm_f32le'; S3DelayMs = 0; RunsFfmpeg = $true }
            @{ Phase = 'upload'; Pattern = 'uploaded .+ MD5 [0-9a-f]{32} verified'; S3DelayMs = 300; RunsFfmpeg = $false }
        ) {
            $source = Copy-Lecture
            $package = Join-Path $source.DirectoryName 'lecture'
            if ($S3DelayMs) { Set-LocalPlatformS3Fault -Platform $platform -Status 0 -Count 10000 -DelayMs $S3DelayMs }
            $log = Join-Path $source.DirectoryName 'run.jsonl'
            $run = Start-PublishProcess $source.FullName @{ HLSENCODER_LOG_PATH = $log }
            try {
                $seen = Wait-ForLine $run $Pattern
                $seen.Matched | Should -BeTrue -Because $seen.Text
                $ffmpeg = @()
                if ($RunsFfmpeg) {
                    $started = Wait-ForLine $run '^DEBUG: Started ffmpeg: process \d+\.'
                    $started.Matched | Should -BeTrue -Because $started.Text
                    $ffmpeg = @(Get-StartedFfmpeg $started.Text)
                }
                @(Get-FfmpegProcess $source.FullName | ForEach-Object Id) | Should -Be @($ffmpeg | ForEach-Object Id) -Because "ffmpeg is at work during $Phase"

                $clock = [System.Diagnostics.Stopwatch]::StartNew()
                & kill -TERM $run.Id
                $rest = $run.StandardOutput.ReadToEndAsync()
                $ffmpeg | ForEach-Object { $_.WaitForExit(2000) | Should -BeTrue -Because 'ffmpeg is stopped within 2 s' }
                $run.WaitForExit(10000) | Should -BeTrue
                $clock.Stop()
            }
            finally {
                if (-not $run.HasExited) { $run.Kill($true) }
            }

            $run.ExitCode | Should -Be 143 -Because 'the process exits as a shell reports SIGTERM'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
            Get-FfmpegProcess $source.FullName | Should -BeNullOrEmpty
            $rest.Result | Should -Not -Match ([regex]::Escape($env:AUTH_TOKEN))
            @(Get-ChildItem -LiteralPath $source.DirectoryName -Force -Filter '*.hlsencoder-partial') | Should -BeNullOrEmpty -Because 'nothing half-written is left'
            Test-Path -LiteralPath (Join-Path $source.DirectoryName '.lecture.lock') | Should -BeFalse -Because 'the run let go of the package'
            switch ($Phase) {
                'encoding' { Test-Path -LiteralPath $package | Should -BeFalse -Because 'a stopped encode never becomes a package' }
                'transcription' {
                    Test-Path -LiteralPath (Join-Path $package '.hlsencoder-package.json') | Should -BeTrue
                    @(Get-ChildItem -LiteralPath $package -Filter 'transcript.*') | Should -BeNullOrEmpty -Because 'no partial transcript'
                }
                'upload' {
                    $state = Get-Content -LiteralPath (Join-Path $package '.upload_state.json') -Raw | ConvertFrom-Json
                    $files = $state.targets.PSObject.Properties.Value.files.PSObject.Properties.Value
                    @($files | Where-Object status -eq 'uploaded').Count | Should -BeGreaterThan 0 -Because 'the state was saved'
                    @($files | Where-Object status -ne 'uploaded').Count | Should -BeGreaterThan 0
                }
            }
            @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 0
            # The run log says how the run ended: the phase it was in started and never ended.
            $events = @(Get-Content -LiteralPath $log | ForEach-Object { $_ | ConvertFrom-Json })
            $phase = @{ encoding = 'encode'; transcription = 'transcribe'; upload = 'upload' }[$Phase]
            @($events | Where-Object { $_.event -eq 'phase.start' -and $_.phase -eq $phase }) | Should -HaveCount 1
            @($events | Where-Object { $_.event -eq 'phase.end' -and $_.phase -eq $phase }) | Should -BeNullOrEmpty
            $events[-1].event | Should -Be 'run.end'
            $events[-1].outcome | Should -Be 'stopped'
            $events[-1].signal | Should -Be 'SIGTERM'

            Assert-PublishedOnce $source.FullName
        }
    }

    Context 'kill -9' {
        It 'takes ffmpeg down with the killed pwsh, and the re-run publishes once' {
            $source = Copy-Lecture
            $run = Start-PublishProcess $source.FullName
            try {
                $seen = Wait-ForLine $run '^DEBUG: Running in .+ffmpeg .+-f hls '
                $seen.Matched | Should -BeTrue -Because $seen.Text
                $started = Wait-ForLine $run '^DEBUG: Started ffmpeg: process \d+\.'
                $started.Matched | Should -BeTrue -Because $started.Text
                $ffmpeg = @(Get-StartedFfmpeg $started.Text)

                & kill -9 $run.Id
                $run.WaitForExit()
                $ffmpeg[0].WaitForExit(2000) | Should -BeTrue -Because 'the kernel stops a child whose parent died (PR_SET_PDEATHSIG)'
            }
            finally {
                if (-not $run.HasExited) { $run.Kill($true) }
            }

            Get-FfmpegProcess $source.FullName | Should -BeNullOrEmpty
            Assert-PublishedOnce $source.FullName
        }

        It 'where children are not tied to their parent (as on macOS), the re-run stops the orphan before it starts its own ffmpeg' {
            $source = Copy-Lecture
            $detached = @{ HLSENCODER_TEST_DETACHED_CHILDREN = '1' }
            $run = Start-PublishProcess $source.FullName $detached
            try {
                $seen = Wait-ForLine $run '^DEBUG: Running in .+ffmpeg .+-f hls '
                $seen.Matched | Should -BeTrue -Because $seen.Text
                $started = Wait-ForLine $run '^DEBUG: Started ffmpeg: process \d+\.'
                $started.Matched | Should -BeTrue -Because $started.Text
                $orphan = @(Get-StartedFfmpeg $started.Text)
                & kill -9 $run.Id
                $run.WaitForExit()
            }
            finally {
                if (-not $run.HasExited) { $run.Kill($true) }
            }
            $orphan[0].HasExited | Should -BeFalse -Because 'nothing tied it to the killed pwsh'

            Reset-LocalPlatform -Platform $platform
            $rerun = Start-PublishProcess $source.FullName $detached
            try {
                # The rerun is about to start its ffmpeg: the orphan must already be gone, so the two never overlap.
                $seen = Wait-ForLine $rerun '^DEBUG: Running in .+ffmpeg .+-f hls '
                $seen.Matched | Should -BeTrue -Because $seen.Text
                $orphan[0].HasExited | Should -BeTrue
                $seen.Text | Should -Match "WARNING: Stopped ffmpeg \(process $($orphan[0].Id), started [^)]+\), which process $($run.Id) on \S+ left running when it ended without stopping it \(publishing lecture\.mp4"
                $null = $rerun.StandardOutput.ReadToEnd()
                $rerun.WaitForExit()
            }
            finally {
                if (-not $rerun.HasExited) { $rerun.Kill($true) }
                if (-not $orphan[0].HasExited) { $orphan[0].Kill() }
            }

            $rerun.ExitCode | Should -Be 0
            @(Get-LocalPlatformFileRecord -Platform $platform).Count | Should -Be 1
        }
    }
}
