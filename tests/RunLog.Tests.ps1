# -LogPath / HLSENCODER_LOG_PATH: the machine-readable log of unattended runs, one JSON object per line.
BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $courseId = '65a1f0c2e4b0a1b2c3d4e5f6'
    $model = (New-TinyWhisperModel -Path (Join-Path $TestDrive 'ggml-tiny-test.bin')).FullName
    $lecture = & (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Lecture -Path (Join-Path $TestDrive 'lecture.mp4') -Width 640 -Height 360 -Duration 6

    function Read-RunLog([string] $Path) {
        <# Every line on its own, as a log collector reads it: each must be a whole JSON object. #>
        @(Get-Content -LiteralPath $Path | ForEach-Object { $_ | ConvertFrom-Json -ErrorAction Stop })
    }
}

Describe 'The run log' {
    BeforeAll {
        $platform = Get-TestPlatform
    }
    BeforeEach {
        $saved = Enter-PlatformTest $platform
    }
    AfterEach {
        Restore-HlsEncoderEnvironment $saved
    }

    Context 'of a publish that retries' {
        BeforeAll {
            $saved = Enter-PlatformTest $platform
            $log = Join-Path $TestDrive 'logs/publish.jsonl'
            Set-LocalPlatformFault -Platform $platform -Route presign -Status 503 -Count 1 -RetryAfterSeconds 0
            $source = Copy-Item -LiteralPath $lecture.FullName -Destination (Join-Path $TestDrive 'session-1.mp4') -PassThru
            $result = Publish-HlsVideo -LiteralPath $source.FullName -CourseId $courseId -Name 'Session 1' -Model $model -Quality 360p, 240p -SegmentDuration 2 -LogPath $log
            $events = Read-RunLog $log
            $puts = Get-LocalPlatformS3Put -Platform $platform
            Restore-HlsEncoderEnvironment $saved
        }

        It 'starts and ends the run, every line naming the command, the run, the host and the process' {
            $events[0].event | Should -Be 'run.start'
            $events[0].version | Should -Be $ModuleVersion
            $events[0].parameters | Should -Contain 'LogPath'
            $events[-1].event | Should -Be 'run.end'
            $events[-1].outcome | Should -Be 'completed'
            $events[-1].results | Should -Be 1
            $events[-1].errors | Should -Be 0
            @($events.run | Sort-Object -Unique) | Should -HaveCount 1
            @($events.command | Sort-Object -Unique) | Should -Be 'Publish-HlsVideo'
            @($events.pid | Sort-Object -Unique) | Should -Be $PID
            @($events.host | Sort-Object -Unique) | Should -Be ([Environment]::MachineName)
            $events.time | ForEach-Object { [datetimeoffset]::Parse($_) } | Should -Not -BeNullOrEmpty
        }

        It 'covers every phase of the publish, each start with its end, in order' {
            $phases = $events | Where-Object event -Like 'phase.*' | ForEach-Object { "$($_.event) $($_.phase)" }
            $phases | Should -Be @('phase.start encode', 'phase.end encode', 'phase.start transcribe', 'phase.end transcribe',
                'phase.start upload', 'phase.end upload', 'phase.start record', 'phase.end record')
            $ends = $events | Where-Object event -EQ 'phase.end'
            $ends | ForEach-Object { $_.seconds | Should -BeGreaterOrEqual 0 }
            ($ends | Where-Object phase -EQ 'encode').mediaSeconds | Should -BeGreaterThan 5
            ($ends | Where-Object phase -EQ 'record').fileRecordId | Should -Be $result.Id
            $published = $events | Where-Object event -EQ 'published'
            $published.fileRecordId | Should -Be $result.Id
            $published.totalSeconds | Should -BeGreaterThan 0
        }

        It 'has one file.uploaded line per object stored, with its key, size and time' {
            $uploaded = @($events | Where-Object event -EQ 'file.uploaded')
            $puts.Values | Should -Not -Contain 2 -Because 'each object was stored once'
            @($uploaded.key | Sort-Object) | Should -Be @($puts.Keys | Sort-Object)
            foreach ($line in $uploaded) {
                $local = Join-Path $result.PackagePath $line.key.Substring($result.Prefix.Length)
                $line.bytes | Should -Be (Get-Item -LiteralPath $local).Length
                $line.ms | Should -BeGreaterOrEqual 0
                $line.attempts | Should -Be 1
            }
            ($events | Where-Object { $_.event -eq 'phase.end' -and $_.phase -eq 'upload' }).uploaded | Should -Be $puts.Count
        }

        It 'records the retry with the status and the wait' {
            $retry = @($events | Where-Object event -EQ 'retry')
            $retry | Should -HaveCount 1
            $retry[0].status | Should -Be 503
            $retry[0].attempt | Should -Be 1
            $retry[0].waitSeconds | Should -Be 0
            $retry[0].operation | Should -Match '^presign '
        }

        It 'holds neither the token nor a presigned query string' {
            $text = Get-Content -LiteralPath $log -Raw
            $token = Get-PlainToken $platform
            $text | Should -Not -Match ([regex]::Escape($token.Split('.')[2]))
            $text | Should -Not -Match 'X-Amz-(Signature|Credential)'
        }
    }

    It 'takes its file from HLSENCODER_LOG_PATH, and a second run appends with a run id of its own' {
        $env:HLSENCODER_LOG_PATH = Join-Path $TestDrive 'setting.jsonl'
        $package = Join-Path $TestDrive 'from-setting'
        Invoke-HlsEncode -LiteralPath $lecture.FullName -OutputPath $package -Quality 240p -SegmentDuration 2 | Out-Null
        Invoke-HlsEncode -LiteralPath $lecture.FullName -OutputPath $package -Quality 240p -SegmentDuration 2 | Out-Null

        $events = Read-RunLog $env:HLSENCODER_LOG_PATH
        @($events.run | Sort-Object -Unique) | Should -HaveCount 2
        $second = $events | Where-Object run -EQ $events[-1].run
        ($second | Where-Object event -EQ 'phase.end').skipped | Should -BeTrue
        ($events | Where-Object event -EQ 'run.end').outcome | Should -Be @('completed', 'completed')
    }

    It 'logs each failed item as an error with its ErrorId, and the summary counts it' {
        $log = Join-Path $TestDrive 'errors.jsonl'
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'errors')
        $missing = Join-Path $folder 'no-such-lecture.mp4'
        $present = Copy-Item -LiteralPath $lecture.FullName -Destination $folder -PassThru

        Invoke-HlsEncode -LiteralPath $missing, $present.FullName -Quality 240p -SegmentDuration 2 -LogPath $log -ErrorAction SilentlyContinue -ErrorVariable failures | Out-Null

        $failures | Should -HaveCount 1
        $events = Read-RunLog $log
        $error_ = @($events | Where-Object event -EQ 'error')
        $error_ | Should -HaveCount 1
        $error_[0].errorId | Should -Be $failures[0].FullyQualifiedErrorId.Split(',')[0]
        $error_[0].target | Should -Be $missing
        $error_[0].terminating | Should -BeFalse
        $events[-1].errors | Should -Be 1
        $events[-1].results | Should -Be 1
    }

    It 'refuses a log it cannot open before any work, naming -LogPath' {
        $blocker = New-Item -ItemType File -Path (Join-Path $TestDrive 'not-a-folder')
        $package = Join-Path $TestDrive 'never-encoded'

        { Invoke-HlsEncode -LiteralPath $lecture.FullName -OutputPath $package -LogPath (Join-Path $blocker 'run.jsonl') -ErrorAction Stop } |
            Should -Throw -ErrorId 'LogPathInvalid,HlsEncoder.Module.Commands.InvokeHlsEncodeCommand' -ExpectedMessage '*-LogPath*'
        Test-Path -LiteralPath $package | Should -BeFalse
    }

    It 'keeps whole lines when three processes append to one file at once' {
        $log = Join-Path $TestDrive 'shared.jsonl'
        $processes = foreach ($n in 1..3) {
            $command = "Import-Module '$script:ModuleManifest'; Invoke-HlsEncode -LiteralPath '$($lecture.FullName)' -OutputPath '$(Join-Path $TestDrive "shared-$n")' -Quality 240p -SegmentDuration 2 -LogPath '$log' | Out-Null"
            [System.Diagnostics.Process]::Start((New-PwshStartInfo -Command $command))
        }
        foreach ($process in $processes) {
            $process.WaitForExit()
            $process.ExitCode | Should -Be 0
        }

        $events = Read-RunLog $log
        $runs = $events | Group-Object run
        $runs | Should -HaveCount 3
        @($events.pid | Sort-Object -Unique) | Should -Be @($processes.Id | Sort-Object)
        foreach ($run in $runs) {
            $run.Group.event | Should -Be @('run.start', 'phase.start', 'loudness', 'phase.end', 'run.end')
        }
    }
}
