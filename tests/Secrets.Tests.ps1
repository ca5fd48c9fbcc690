BeforeDiscovery {
    $courseId = '65a1f0c2e4b0a1b2c3d4e5f6'
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

# The token and presigned query strings are credentials: they must not show up in anything a user, a
# transcript or a scheduled task's log can see. Each case runs in a fresh pwsh and captures every stream.
Describe 'Secrets never reach output' {
    BeforeAll {
        $platform = Get-TestPlatform
    }

    It 'keeps the <As> token out of every stream of <Case>' -ForEach @(
        @{ Case = 'a successful connection test'; As = 'Admin'; Fault = $false; Shows = 'Status\s+: Connected'; Command = 'Test-BackendConnection -Verbose -Debug | Format-List * | Out-String' }
        @{ Case = 'a refused connection test'; As = 'Expired'; Fault = $false; Shows = 'Status\s+: Unauthorized'; Command = 'Test-BackendConnection -Verbose -Debug | Format-List * | Out-String' }
        @{ Case = 'the configuration'; As = 'Admin'; Fault = $false; Shows = 'AUTH_TOKEN'; Command = 'Get-HlsEncoderConfiguration -Verbose | Format-List * | Out-String; Get-HlsEncoderConfiguration | ConvertTo-Json' }
        @{ Case = 'a record with retries'; As = 'Admin'; Fault = $true; Shows = 'attempt 1 of 4 failed'; Command = "New-BackendFileRecord -CourseId $courseId -Name x -Duration 1 -Qualities 480p -S3Keys @{ Master = 'courses/$courseId/en/master.m3u8'; Qualities = @{ '480p' = 'courses/$courseId/en/480p/index.m3u8' } } -Verbose -Debug | Format-List * | Out-String" }
        @{ Case = 'a refused record, with the error in full'; As = 'Expired'; Fault = $false; Shows = 'BackendUnauthorized'; Command = "New-BackendFileRecord -CourseId $courseId -Name x -Duration 1 -Qualities 480p -S3Keys @{ Master = 'courses/$courseId/en/master.m3u8'; Qualities = @{ '480p' = 'courses/$courseId/en/480p/index.m3u8' } } -Verbose -Debug -ErrorAction Continue; `$Error | Format-List * -Force | Out-String; `$Error[0].Exception | Format-List * -Force | Out-String" }
    ) {
        Reset-LocalPlatform -Platform $platform -Files
        if ($Fault) { Set-LocalPlatformFault -Platform $platform -Route files -Status 503 -Count 1 -RetryAfterSeconds 0 }
        $token = Get-PlainToken $platform -As $As
        $environment = @{ BACKEND_URL = $platform.BackendUrl; AUTH_TOKEN = $token; DebugPreference = 'Continue' }

        $run = Invoke-ChildPwsh -Command "`$DebugPreference = 'Continue'; $Command" -Environment $environment

        # What the command normally shows is there, so the checks below look at real output.
        $run.Output | Should -Match $Shows
        $run.Output | Should -Not -Match ([regex]::Escape($token))
        # Not even a recognisable part of it.
        $run.Output | Should -Not -Match ([regex]::Escape($token.Split('.')[2]))
        $run.Output | Should -Not -Match 'X-Amz-Signature='
    }
}
