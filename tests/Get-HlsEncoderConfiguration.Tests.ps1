BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Get-HlsEncoderConfiguration' {
    BeforeEach {
        $saved = Save-HlsEncoderEnvironment
        Push-Location -LiteralPath $TestDrive
        Remove-Item -Path (Join-Path $TestDrive '*') -Recurse -Force
    }
    AfterEach {
        Pop-Location
        Restore-HlsEncoderEnvironment $saved
    }

    It 'lists every setting with its default when nothing is configured' {
        $settings = Get-HlsEncoderConfiguration

        $settings.Name | Should -Be @('BACKEND_URL', 'AUTH_TOKEN', 'DEFAULT_LANGUAGE', 'PRESIGN_EXACT_ENDPOINT',
            'FILE_CREATE_ENDPOINT', 'AUTH_VALIDATE_ENDPOINT', 'REQUEST_TIMEOUT_SECONDS', 'S3_KEY_LAYOUT', 'FFMPEG_PATH', 'WHISPER_MODEL_PATH',
            'WHISPER_MODEL_DIR', 'WHISPER_MODEL_BASE_URL', 'HLSENCODER_LOG_PATH')
        $settings[0].PSTypeNames[0] | Should -Be 'HlsEncoder.Configuration.HlsEncoderSetting'
        ($settings | Where-Object Name -eq 'DEFAULT_LANGUAGE').Value | Should -Be 'en'
        ($settings | Where-Object Name -eq 'DEFAULT_LANGUAGE').Source | Should -Be 'Default'
        ($settings | Where-Object Name -eq 'BACKEND_URL').Source | Should -Be 'NotSet'
        ($settings | Where-Object Name -eq 'BACKEND_URL').Problem | Should -Match 'BACKEND_URL is not set'
    }

    It 'takes parameters over environment over ./.env over defaults, and says where each came from' {
        Set-Content -LiteralPath .env -Value 'BACKEND_URL=https://file.example', 'DEFAULT_LANGUAGE=fr', 'AUTH_VALIDATE_ENDPOINT=/from/file'
        $env:DEFAULT_LANGUAGE = 'de'
        $env:AUTH_VALIDATE_ENDPOINT = '/from/environment'

        $settings = Get-HlsEncoderConfiguration -BackendUrl https://parameter.example

        $byName = @{}; $settings | ForEach-Object { $byName[$_.Name] = $_ }
        $byName.BACKEND_URL.Value | Should -Be 'https://parameter.example'
        $byName.BACKEND_URL.Source | Should -Be 'Parameter'
        $byName.DEFAULT_LANGUAGE.Value | Should -Be 'de'
        $byName.DEFAULT_LANGUAGE.Source | Should -Be 'Environment'
        $byName.AUTH_VALIDATE_ENDPOINT.Source | Should -Be 'Environment'
        $byName.PRESIGN_EXACT_ENDPOINT.Source | Should -Be 'Default'
        Remove-Item Env:DEFAULT_LANGUAGE
        (Get-HlsEncoderConfiguration -Name DEFAULT_LANGUAGE).Source | Should -Be 'EnvFile'
        (Get-HlsEncoderConfiguration -Name DEFAULT_LANGUAGE).Origin | Should -Be (Join-Path $TestDrive '.env')
    }

    It 'reads the .env named by HLSENCODER_ENV_FILE, and -EnvFile over that' {
        Set-Content -LiteralPath ops.env -Value 'DEFAULT_LANGUAGE=ar'
        Set-Content -LiteralPath other.env -Value 'DEFAULT_LANGUAGE=hi'
        $env:HLSENCODER_ENV_FILE = Join-Path $TestDrive 'ops.env'

        (Get-HlsEncoderConfiguration -Name DEFAULT_LANGUAGE).Value | Should -Be 'ar'
        (Get-HlsEncoderConfiguration -Name DEFAULT_LANGUAGE -EnvFile ./other.env).Value | Should -Be 'hi'
    }

    It 'filters by name with wildcards' {
        (Get-HlsEncoderConfiguration -Name '*_ENDPOINT').Name | Should -Be @('PRESIGN_EXACT_ENDPOINT', 'FILE_CREATE_ENDPOINT', 'AUTH_VALIDATE_ENDPOINT')
    }

    It 'shows the token only as set, in objects and in formatted output' {
        $token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0b3Atc2VjcmV0In0.c2lnbmF0dXJl'
        $env:AUTH_TOKEN = $token

        $setting = Get-HlsEncoderConfiguration -Name AUTH_TOKEN
        $setting.Value | Should -Be '(set)'
        $setting.IsSet | Should -BeTrue
        (Get-HlsEncoderConfiguration | Format-Table | Out-String) | Should -Not -Match 'eyJ'
        (Get-HlsEncoderConfiguration | Format-List * | Out-String) | Should -Not -Match 'eyJ'
        (Get-HlsEncoderConfiguration | ConvertTo-Json) | Should -Not -Match 'eyJ'
        (Get-HlsEncoderConfiguration -Token (ConvertTo-SecureString $token -AsPlainText) -Name AUTH_TOKEN).Source | Should -Be 'Parameter'
    }

    It 'names the problem with an http:// backend for a remote host' {
        $env:BACKEND_URL = 'http://api.example.com'

        (Get-HlsEncoderConfiguration -Name BACKEND_URL).Problem | Should -Match 'http:// for a remote host.*https://api.example.com'
    }

    It 'stops with EnvFileInvalid on a malformed .env, without quoting it' {
        Set-Content -LiteralPath .env -Value 'AUTH_TOKEN=do-not-show-me', 'THIS IS NOT A SETTING'

        { Get-HlsEncoderConfiguration -ErrorAction Stop } | Should -Throw -ErrorId 'EnvFileInvalid,HlsEncoder.Module.Commands.GetHlsEncoderConfigurationCommand'
        $error[0].ToString() | Should -Match 'line 2'
        $error[0].ToString() | Should -Not -Match 'do-not-show-me'
    }

    It 'stops with EnvFileNotFound when the named .env does not exist' {
        { Get-HlsEncoderConfiguration -EnvFile ./missing.env -ErrorAction Stop } | Should -Throw -ErrorId 'EnvFileNotFound,*'
    }
}
