BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Test-HlsEncoderEnvironment' {
    BeforeAll {
        $platform = Get-TestPlatform
        $model = New-TinyWhisperModel -Path (Join-Path $TestDrive 'ggml-tiny-test.bin')
        $allChecks = @('ffmpeg', 'ffmpeg features', 'Whisper model', 'Backend', 'Disk space', 'State folder', 'Config folder', 'Child processes')
        $work = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'videos')).FullName

        # What the disk check must say here, measured without the module.
        $free = [System.IO.DriveInfo]::new($work).AvailableFreeSpace
        $expectedDisk = if ($free -ge 10e9) { 'Passed' } elseif ($free -ge 2e9) { 'Warning' } else { 'Failed' }
    }
    BeforeEach {
        $saved = Enter-PlatformTest -Platform $platform
        $env:WHISPER_MODEL_PATH = $model.FullName
    }
    AfterEach {
        Restore-HlsEncoderEnvironment $saved
    }

    It 'passes every check on this machine against the local platform with the test model' {
        $checks = @(Test-HlsEncoderEnvironment -Path $work)

        $checks.Name | Should -Be $allChecks
        $checks[0].PSTypeNames[0] | Should -Be 'HlsEncoder.Diagnostics.EnvironmentCheck'
        foreach ($check in $checks) {
            $expected = if ($check.Name -eq 'Disk space') { $expectedDisk } else { 'Passed' }
            "$($check.Status)" | Should -Be $expected -Because "$($check.Name): $($check.Detail) $($check.Fix)"
        }
        ($checks | Where-Object Name -eq 'ffmpeg').Detail | Should -Match '^ffmpeg version \S+; ffprobe version \S+; in /'
        ($checks | Where-Object Name -eq 'Whisper model').Detail | Should -Match "^$([regex]::Escape($model.FullName)) \(chosen by WHISPER_MODEL_PATH\)"
        ($checks | Where-Object Name -eq 'Backend').Detail | Should -Match "^$([regex]::Escape($platform.BackendUrl))/ answered in \d+ ms and accepts the token of \S+ \(admin\)\.$"
        ($checks | Where-Object Name -eq 'Disk space').Detail | Should -Match "the volume of $([regex]::Escape($work))\."
        ($checks | Where-Object Name -eq 'State folder').Detail | Should -Match "^$([regex]::Escape((Join-Path $env:XDG_STATE_HOME 'HlsEncoder'))) does not exist yet"
        ($checks | Where-Object Name -eq 'Config folder').Detail | Should -Match "^$([regex]::Escape((Join-Path $env:XDG_CONFIG_HOME 'HlsEncoder')))"
        @($checks | Where-Object Fix).Count | Should -Be 0
    }

    It 'shows a table of Name, Status, Detail and Fix' {
        $table = Test-HlsEncoderEnvironment -Path $work | Out-String -Width 200

        $table | Should -Match 'Name\s+Status\s+Detail\s+Fix'
        $table | Should -Match 'Child processes\s+Passed'
    }

    It 'fails the backend check with its fix for a <As> token, and runs every other check' -ForEach @(
        @{ As = 'Expired'; Detail = '^Unauthorized: '; Fix = '^Get a new admin token from the course platform''s admin panel and set AUTH_TOKEN' }
        @{ As = 'User'; Detail = '^Forbidden: '; Fix = '^Use an admin''s token' }
    ) {
        Set-PlatformEnvironment $platform -As $As

        $checks = @(Test-HlsEncoderEnvironment -Path $work -ErrorVariable errors)

        $backend = $checks | Where-Object Name -eq 'Backend'
        "$($backend.Status)" | Should -Be 'Failed'
        $backend.Detail | Should -Match $Detail
        $backend.Fix | Should -Match $Fix
        $checks.Name | Should -Be $allChecks
        @($checks | Where-Object { "$($_.Status)" -eq 'Failed' -and $_.Name -ne 'Disk space' }).Name | Should -Be @('Backend')
        $errors | Should -BeNullOrEmpty
    }

    It 'reports backend settings that are missing as a failed check, not an error' {
        $env:BACKEND_URL = $null

        $checks = @(Test-HlsEncoderEnvironment -Path $work -ErrorVariable errors)

        $backend = $checks | Where-Object Name -eq 'Backend'
        "$($backend.Status)" | Should -Be 'Failed'
        $backend.Detail | Should -Match 'BACKEND_URL is not set'
        $backend.Fix | Should -Match 'Get-HlsEncoderConfiguration'
        $errors | Should -BeNullOrEmpty
        @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0
    }

    It 'returns only $true or $false with -Quiet' {
        Test-HlsEncoderEnvironment -Path $work -Quiet | Should -BeExactly $true
        Test-HlsEncoderEnvironment -Path $work -Quiet -Token $platform.ExpiredToken | Should -BeExactly $false
        Test-HlsEncoderEnvironment -Path (Join-Path $TestDrive 'no-such-folder') -Quiet | Should -BeExactly $false
    }

    It 'warns, and still says $true with -Quiet, when ffmpeg cannot be tied to pwsh' {
        $command = "Test-HlsEncoderEnvironment -Path '$work' | Where-Object Name -eq 'Child processes' | Format-List Status, Detail, Fix | Out-String -Width 400; 'Quiet=' + (Test-HlsEncoderEnvironment -Path '$work' -Quiet)"

        $run = Invoke-ChildPwsh -Command $command -Environment @{ HLSENCODER_TEST_DETACHED_CHILDREN = '1' }

        $run.ExitCode | Should -Be 0 -Because $run.Output
        $run.Output | Should -Match 'Status : Warning'
        $run.Output | Should -Match 'an orphaned ffmpeg keeps running until the next run that needs its package stops it'
        $run.Output | Should -Match 'Remove the test setting HLSENCODER_TEST_DETACHED_CHILDREN'
        $run.Output | Should -Match 'Quiet=True'
    }

    It 'checks the model named by -ModelName and says what to run when it is missing' {
        $env:WHISPER_MODEL_DIR = (New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))).FullName

        $check = Test-HlsEncoderEnvironment -Path $work -ModelName small | Where-Object Name -eq 'Whisper model'

        "$($check.Status)" | Should -Be 'Failed'
        $check.Detail | Should -Match ([regex]::Escape((Join-Path $env:WHISPER_MODEL_DIR 'ggml-small.bin')))
        $check.Fix | Should -Be 'Download it with: Save-WhisperModel -ModelName small'
    }

    It 'fails the model check for a corrupt model file given by -Model' {
        $broken = Join-Path $TestDrive 'broken.bin'
        [System.IO.File]::WriteAllBytes($broken, [byte[]](Get-Content -LiteralPath $model.FullName -AsByteStream -TotalCount 5000))

        $check = Test-HlsEncoderEnvironment -Path $work -Model $broken | Where-Object Name -eq 'Whisper model'

        "$($check.Status)" | Should -Be 'Failed'
        $check.Detail | Should -Match 'is not a usable Whisper ggml model'
        $check.Fix | Should -Match "^Replace $([regex]::Escape($broken)) \(chosen by -Model\)"
    }

    It 'leaves the model out with -SkipModel' {
        $env:WHISPER_MODEL_PATH = Join-Path $TestDrive 'missing.bin'

        $checks = @(Test-HlsEncoderEnvironment -Path $work -SkipModel)

        $checks.Name | Should -Be @($allChecks | Where-Object { $_ -ne 'Whisper model' })
    }

    It 'looks for ffmpeg where -FfmpegPath says, and says how to fix the setting' {
        $empty = (New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))).FullName

        $checks = @(Test-HlsEncoderEnvironment -Path $work -FfmpegPath $empty)

        "$($checks[0].Status)" | Should -Be 'Failed'
        $checks[0].Detail | Should -Match "FFMPEG_PATH names the folder $([regex]::Escape($empty)), which does not hold both ffmpeg and ffprobe"
        $checks[0].Fix | Should -Match '^Set FFMPEG_PATH \(or -FfmpegPath\)'
        "$($checks[1].Status)" | Should -Be 'Failed'
    }

    It 'stops only for bad parameters: <Case>' -ForEach @(
        @{ Case = '-Model with -ModelName'; Arguments = @{ Model = 'x.bin'; ModelName = 'base' }; ErrorId = 'ModelParametersConflict,*' }
        @{ Case = '-SkipModel with -ModelName'; Arguments = @{ SkipModel = $true; ModelName = 'base' }; ErrorId = 'SkipModelWithModel,*' }
        @{ Case = 'a -Path on another provider'; Arguments = @{ Path = 'Env:' }; ErrorId = 'NotAFileSystemPath,*' }
        @{ Case = 'a model name that cannot be one'; Arguments = @{ ModelName = '../x' }; ErrorId = 'ParameterArgumentValidationError,*' }
    ) {
        { Test-HlsEncoderEnvironment @Arguments -ErrorAction Stop } | Should -Throw -ErrorId $ErrorId
    }

    It 'never shows the <As> token, in any stream' -ForEach @(
        @{ As = 'Admin'; Shows = 'Name\s+: Backend\s+Status\s+: Passed' }
        @{ As = 'Expired'; Shows = 'Name\s+: Backend\s+Status\s+: Failed' }
    ) {
        $token = Get-PlainToken $platform -As $As
        $command = "`$DebugPreference = 'Continue'; Test-HlsEncoderEnvironment -Path '$work' -Verbose -Debug | Format-List * | Out-String -Width 400; Test-HlsEncoderEnvironment -Path '$work' -Quiet -Verbose -Debug"

        $run = Invoke-ChildPwsh -Command $command -Environment @{ AUTH_TOKEN = $token }

        $run.ExitCode | Should -Be 0 -Because $run.Output
        # What the command normally shows is there, so the checks below look at real output.
        $run.Output | Should -Match $Shows
        $run.Output | Should -Match 'VERBOSE: Checking the backend and the token'
        $run.Output | Should -Match 'DEBUG: Running: \S*ffmpeg -version'
        $run.Output | Should -Not -Match ([regex]::Escape($token))
        $run.Output | Should -Not -Match ([regex]::Escape($token.Split('.')[2]))
    }
}
