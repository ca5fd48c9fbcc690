BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Test-BackendConnection' {
    BeforeAll {
        $platform = Get-TestPlatform
    }
    BeforeEach {
        $saved = Save-HlsEncoderEnvironment
        Reset-LocalPlatform -Platform $platform
    }
    AfterEach {
        Restore-HlsEncoderEnvironment $saved
    }

    It 'reports Connected with the admin user for an admin token' {
        Set-PlatformEnvironment $platform

        $result = Test-BackendConnection

        $result.PSTypeNames[0] | Should -Be 'HlsEncoder.Backend.BackendConnectionResult'
        $result.Status | Should -Be 'Connected'
        $result.IsTokenValid | Should -BeTrue
        $result.StatusCode | Should -Be 200
        $result.User.Role | Should -Be 'admin'
        $result.Latency | Should -BeOfType ([timespan])
        $result.TokenExpiresAt | Should -BeGreaterThan ([datetimeoffset]::UtcNow)
        $result.BackendUrl | Should -Be "$($platform.BackendUrl)/"
    }

    It 'reports <Expected> (<Code>) for a <As> token, with one request and no retry' -ForEach @(
        @{ As = 'Expired'; Expected = 'Unauthorized'; Code = 401; Says = 'invalid or expired' }
        @{ As = 'User'; Expected = 'Forbidden'; Code = 403; Says = 'not an admin' }
    ) {
        Set-PlatformEnvironment $platform -As $As

        $result = Test-BackendConnection

        $result.Status | Should -Be $Expected
        $result.StatusCode | Should -Be $Code
        $result.IsTokenValid | Should -BeFalse
        $result.Message | Should -Match $Says
        @(Get-LocalPlatformRequest -Platform $platform | Where-Object route -eq 'auth').Count | Should -Be 1
    }

    It 'reports Unreachable for a backend that is down' {
        $refusing = New-RefusingPort
        try { $result = Test-BackendConnection -BackendUrl "http://127.0.0.1:$($refusing.LocalEndPoint.Port)" -Token $platform.AdminToken }
        finally { $refusing.Dispose() }

        $result.Status | Should -Be 'Unreachable'
        $result.StatusCode | Should -BeNullOrEmpty
        $result.Message | Should -Match 'Could not reach the backend'
    }

    It 'reports ServerError for a failing backend after a single attempt' {
        Set-PlatformEnvironment $platform
        Set-LocalPlatformFault -Platform $platform -Route auth -Status 503 -Count 3

        (Test-BackendConnection).Status | Should -Be 'ServerError'
        @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 1
    }

    It 'refuses http:// to a remote host before any request' {
        $result = Test-BackendConnection -BackendUrl 'http://api.example.com' -Token $platform.AdminToken

        $result.Status | Should -Be 'InvalidConfiguration'
        $result.Message | Should -Match 'https://'
        @(Get-LocalPlatformRequest -Platform $platform).Count | Should -Be 0
    }

    It 'reports InvalidConfiguration when nothing is configured' {
        $result = Test-BackendConnection

        $result.Status | Should -Be 'InvalidConfiguration'
        $result.Message | Should -Match 'BACKEND_URL is not set.*AUTH_TOKEN is not set'
    }

    It 'returns only $true or $false with -Quiet' {
        Test-BackendConnection -Quiet -BackendUrl $platform.BackendUrl -Token $platform.AdminToken | Should -BeExactly $true
        Test-BackendConnection -Quiet -BackendUrl $platform.BackendUrl -Token $platform.UserToken | Should -BeExactly $false
        Test-BackendConnection -Quiet -BackendUrl 'http://api.example.com' -Token $platform.AdminToken | Should -BeExactly $false
    }

    It 'takes the token from a credential, as runbooks keep it' {
        $credential = [pscredential]::new('ignored', $platform.AdminToken)

        (Test-BackendConnection -BackendUrl $platform.BackendUrl -Credential $credential).Status | Should -Be 'Connected'
    }

    It 'takes its settings from a .env file' {
        $envFile = Join-Path $TestDrive 'platform.env'
        Set-Content -LiteralPath $envFile -Value "BACKEND_URL=$($platform.BackendUrl)", "AUTH_TOKEN=$(Get-PlainToken $platform)"

        (Test-BackendConnection -EnvFile $envFile).Status | Should -Be 'Connected'
    }

    It 'refuses -Token and -Credential together' {
        { Test-BackendConnection -Token $platform.AdminToken -Credential ([pscredential]::new('x', $platform.AdminToken)) -ErrorAction Stop } |
            Should -Throw -ErrorId 'TokenAndCredential,*'
    }
}
