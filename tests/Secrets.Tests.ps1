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
        $clip = & (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Lecture -Path (Join-Path $TestDrive 'clip.mp4') -Width 320 -Height 240 -Duration 2
        $package = (Invoke-HlsEncode -LiteralPath $clip.FullName -OutputPath (Join-Path $TestDrive 'clip') -Quality 240p -SegmentDuration 2).OutputPath
    }

    It 'keeps the <As> token out of every stream of <Case>' -ForEach @(
        @{ Case = 'a successful connection test'; As = 'Admin'; Fault = $null; Logs = $null; Shows = 'Status\s+: Connected'; Command = 'Test-BackendConnection -Verbose -Debug | Format-List * | Out-String' }
        @{ Case = 'a refused connection test'; As = 'Expired'; Fault = $null; Logs = $null; Shows = 'Status\s+: Unauthorized'; Command = 'Test-BackendConnection -Verbose -Debug | Format-List * | Out-String' }
        @{ Case = 'the configuration'; As = 'Admin'; Fault = $null; Logs = $null; Shows = 'AUTH_TOKEN'; Command = 'Get-HlsEncoderConfiguration -Verbose | Format-List * | Out-String; Get-HlsEncoderConfiguration | ConvertTo-Json' }
        @{ Case = 'a record with retries'; As = 'Admin'; Fault = 'files'; Logs = '"event":"retry"'; Shows = 'attempt 1 of 4 failed'; Command = "New-BackendFileRecord -CourseId $courseId -Name x -Duration 1 -Qualities 480p -S3Keys @{ Master = 'courses/$courseId/en/master.m3u8'; Qualities = @{ '480p' = 'courses/$courseId/en/480p/index.m3u8' } } -Verbose -Debug | Format-List * | Out-String" }
        @{ Case = 'a refused record, with the error in full'; As = 'Expired'; Fault = $null; Logs = '"errorId":"BackendUnauthorized'; Shows = 'BackendUnauthorized'; Command = "New-BackendFileRecord -CourseId $courseId -Name x -Duration 1 -Qualities 480p -S3Keys @{ Master = 'courses/$courseId/en/master.m3u8'; Qualities = @{ '480p' = 'courses/$courseId/en/480p/index.m3u8' } } -Verbose -Debug -ErrorAction Continue; `$Error | Format-List * -Force | Out-String; `$Error[0].Exception | Format-List * -Force | Out-String" }
        @{ Case = 'an upload with retries, its PUT URLs in the debug text'; As = 'Admin'; Fault = 'presign'; Logs = '"event":"file.uploaded"'; Shows = 'PUT http'; Command = "Send-HlsToS3 -LiteralPath '{package}' -CourseId $courseId -Name x -Verbose -Debug | Format-List * | Out-String" }
    ) {
        Reset-LocalPlatform -Platform $platform -Files
        if ($Fault) { Set-LocalPlatformFault -Platform $platform -Route $Fault -Status 503 -Count 1 -RetryAfterSeconds 0 }
        $Command = $Command.Replace('{package}', $package)
        $token = Get-PlainToken $platform -As $As
        # The run log (HLSENCODER_LOG_PATH) of the commands that keep one is scanned with the streams.
        $log = Join-Path $TestDrive "$([guid]::NewGuid().ToString('N')).jsonl"
        $environment = @{ BACKEND_URL = $platform.BackendUrl; AUTH_TOKEN = $token; DebugPreference = 'Continue'; HLSENCODER_LOG_PATH = $log }

        $run = Invoke-ChildPwsh -Command "`$DebugPreference = 'Continue'; $Command" -Environment $environment
        $everything = $run.Output + (Get-Content -LiteralPath $log -Raw -ErrorAction Ignore)

        # What the command normally shows is there, so the checks below look at real output.
        $run.Output | Should -Match $Shows
        if ($Logs) { Get-Content -LiteralPath $log -Raw | Should -Match $Logs }
        $everything | Should -Not -Match ([regex]::Escape($token))
        # Not even a recognisable part of it.
        $everything | Should -Not -Match ([regex]::Escape($token.Split('.')[2]))
        $everything | Should -Not -Match 'X-Amz-(Signature|Credential)='
    }
}
