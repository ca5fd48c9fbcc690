#Requires -Version 7.4
# The PowerShell face of the local platform (tools/LocalPlatform): a stand-in for the course platform's
# backend plus a real local S3 API, for Pester tests, build scripts and the demo. Tokens come back as
# [securestring] so that they never print by accident.

Set-StrictMode -Version Latest

$script:Current = $null

function Start-LocalPlatform {
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        # A folder for durable File records, S3 objects and the signing key; a restart with the same folder keeps them.
        # Without it the platform uses a temporary folder that it deletes when it stops.
        [string] $DataPath,
        [ValidateRange(0, 65535)] [int] $Port = 0,
        [ValidateRange(0, 65535)] [int] $S3Port = 0,
        [string] $RepoRoot,
        [ValidateRange(1, 604800)] [int] $PresignExpirySeconds = 3600,
        [ValidateRange(1, 600)] [int] $TimeoutSeconds = 60
    )

    $root = Resolve-RepoRoot -RepoRoot $RepoRoot
    Initialize-LocalPlatformBuild -RepoRoot $root

    # The platform writes it owner-only and deletes it when it stops, even when this shell is killed.
    $infoFile = Join-Path ([System.IO.Path]::GetTempPath()) "localplatform-$([guid]::NewGuid().ToString('N')).json"
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $start.WorkingDirectory = $root
    $start.UseShellExecute = $false
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $arguments = @(
        (Join-Path $root 'output/LocalPlatform/LocalPlatform.dll'),
        '--port', $Port, '--s3-port', $S3Port,
        '--info-file', $infoFile,
        '--parent-pid', $PID,
        '--presign-expiry-seconds', $PresignExpirySeconds)
    if ($DataPath) {
        $arguments += '--data', [System.IO.Path]::GetFullPath($DataPath, (Get-Location).ProviderPath)
    }
    foreach ($argument in $arguments) { $start.ArgumentList.Add([string]$argument) }

    $process = [System.Diagnostics.Process]::Start($start)
    $stderr = $process.StandardError.ReadToEndAsync()
    $readyLine = $null
    try {
        $deadline = [datetime]::UtcNow.AddSeconds($TimeoutSeconds)
        while ($null -eq $readyLine) {
            $read = $process.StandardOutput.ReadLineAsync()
            $left = $deadline - [datetime]::UtcNow
            if ($left -le [timespan]::Zero -or -not $read.Wait($left)) {
                throw "LocalPlatform was not ready within $TimeoutSeconds s"
            }
            if ($null -eq $read.Result) {
                $process.WaitForExit()
                throw "LocalPlatform exited ($($process.ExitCode)) before it was ready: $($stderr.Result.Trim())"
            }
            if ($read.Result.StartsWith('LocalPlatform ready: ', [System.StringComparison]::Ordinal)) {
                $readyLine = $read.Result
            }
        }
        $info = Get-Content -LiteralPath $infoFile -Raw | ConvertFrom-Json
    }
    catch {
        Stop-PlatformProcess -Process $process
        Remove-Item -LiteralPath $infoFile -Force -ErrorAction SilentlyContinue
        throw
    }
    Write-Verbose $readyLine

    $platform = [pscustomobject]@{
        PSTypeName    = 'HlsEncoder.LocalPlatform'
        BackendUrl    = $info.backendUrl
        S3Url         = $info.s3Url
        Bucket        = $info.bucket
        PublicBaseUrl = $info.publicBaseUrl
        AdminToken    = ConvertTo-SecureString -String $info.adminToken -AsPlainText -Force
        UserToken     = ConvertTo-SecureString -String $info.userToken -AsPlainText -Force
        ExpiredToken  = ConvertTo-SecureString -String $info.expiredToken -AsPlainText -Force
        Process       = $process
        StartedAt     = $process.StartTime
        S3ProcessId   = [int]$info.s3Pid
        DataPath      = $info.dataPath
        InfoFile      = $infoFile
    }
    $script:Current = $platform
    $platform
}

function Stop-LocalPlatform {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] [pscustomobject] $Platform)

    process {
        $target = Resolve-Platform -Platform $Platform
        Stop-PlatformProcess -Process $target.Process
        # Normally gone with the platform; the start time guards against a reused pid.
        $node = Get-Process -Id $target.S3ProcessId -ErrorAction SilentlyContinue
        if ($node -and $node.ProcessName -eq 'node' -and $node.StartTime -ge $target.StartedAt) {
            $node.Kill($true)
            $node.WaitForExit()
        }
        Remove-Item -LiteralPath $target.InfoFile -Force -ErrorAction SilentlyContinue
        if ($script:Current -eq $target) { $script:Current = $null }
    }
}

function Set-LocalPlatformFault {
    [CmdletBinding()]
    param(
        [pscustomobject] $Platform,
        [Parameter(Mandatory)] [ValidateSet('presign', 'files', 'auth', 'any')] [string] $Route,
        # 0 with -DelayMs: only delay, then answer normally.
        [Parameter(Mandatory)] [int] $Status,
        [ValidateRange(1, [int]::MaxValue)] [int] $Count = 1,
        [ValidateRange(0, [int]::MaxValue)] [int] $RetryAfterSeconds = -1,
        [ValidateRange(0, [int]::MaxValue)] [int] $DelayMs = 0,
        [ValidateRange(0, [int]::MaxValue)] [int] $AfterCount = 0,
        # Answer with this raw text (as text/html) instead of the wrapped error; any status from 200 then.
        [string] $Body
    )
    $fault = @{ route = $Route; status = $Status; count = $Count; delayMs = $DelayMs; afterCount = $AfterCount }
    if ($PSBoundParameters.ContainsKey('RetryAfterSeconds')) { $fault.retryAfterSeconds = $RetryAfterSeconds }
    if ($PSBoundParameters.ContainsKey('Body')) { $fault.body = $Body }
    $null = Invoke-LocalPlatformControl -Platform $Platform -Method Post -Path '/_local/faults' -Body $fault
}

function Set-LocalPlatformS3Fault {
    [CmdletBinding()]
    param(
        [pscustomobject] $Platform,
        # 0 with -DelayMs: only delay the PUT, then let S3 answer.
        [Parameter(Mandatory)] [int] $Status,
        [ValidateRange(1, [int]::MaxValue)] [int] $Count = 1,
        [ValidateRange(0, [int]::MaxValue)] [int] $DelayMs = 0,
        [string] $KeyContains,
        [ValidateRange(0, [int]::MaxValue)] [int] $AfterCount = 0
    )
    $fault = @{ status = $Status; count = $Count; delayMs = $DelayMs; afterCount = $AfterCount }
    if ($KeyContains) { $fault.keyContains = $KeyContains }
    $null = Invoke-LocalPlatformControl -Platform $Platform -Method Post -Path '/_local/s3/faults' -Body $fault
}

function Set-LocalPlatformSetting {
    [CmdletBinding()]
    param(
        [pscustomobject] $Platform,
        [Parameter(Mandatory)] [ValidateRange(1, 604800)] [int] $PresignExpirySeconds
    )
    $null = Invoke-LocalPlatformControl -Platform $Platform -Method Post -Path '/_local/settings' -Body @{ presignExpirySeconds = $PresignExpirySeconds }
}

function Reset-LocalPlatform {
    [CmdletBinding()]
    param([pscustomobject] $Platform, [switch] $Files)
    $path = if ($Files) { '/_local/reset?files=true' } else { '/_local/reset' }
    $null = Invoke-LocalPlatformControl -Platform $Platform -Method Post -Path $path -Body @{}
}

function Get-LocalPlatformFileRecord {
    [CmdletBinding()]
    param([pscustomobject] $Platform)
    Invoke-LocalPlatformControl -Platform $Platform -Method Get -Path '/_local/files' | ForEach-Object { $_ }
}

function Get-LocalPlatformRequest {
    [CmdletBinding()]
    param([pscustomobject] $Platform)
    Invoke-LocalPlatformControl -Platform $Platform -Method Get -Path '/_local/requests' | ForEach-Object { $_ }
}

function Get-LocalPlatformS3Put {
    [CmdletBinding()]
    [OutputType([hashtable])]
    param([pscustomobject] $Platform)
    $counts = Invoke-LocalPlatformControl -Platform $Platform -Method Get -Path '/_local/s3/puts'
    # S3 keys are case-sensitive; PowerShell's @{} is not.
    $table = [hashtable]::new([System.StringComparer]::Ordinal)
    foreach ($property in $counts.PSObject.Properties) { $table[$property.Name] = [int]$property.Value }
    $table
}

function Get-LocalPlatformS3Request {
    [CmdletBinding()]
    param([pscustomobject] $Platform)
    Invoke-LocalPlatformControl -Platform $Platform -Method Get -Path '/_local/s3/requests' | ForEach-Object { $_ }
}

function New-LocalPlatformToken {
    [CmdletBinding()]
    [OutputType([securestring])]
    param(
        [pscustomobject] $Platform,
        [ValidatePattern('^[a-z]+$')] [string] $Role = 'admin',
        # Negative for a token that has already expired.
        [int] $ExpiresInSeconds = 3600
    )
    $data = Invoke-LocalPlatformControl -Platform $Platform -Method Post -Path '/_local/tokens' -Body @{ role = $Role; expiresInSeconds = $ExpiresInSeconds }
    ConvertTo-SecureString -String $data.token -AsPlainText -Force
}

function Write-LocalPlatformEnvFile {
    <# Writes a .env (owner-only) pointing HlsEncoder at the platform, so that its token never needs printing. #>
    [CmdletBinding()]
    param([pscustomobject] $Platform, [Parameter(Mandatory)] [string] $Path)
    $target = Resolve-Platform -Platform $Platform
    $token = ConvertFrom-SecureString -SecureString $target.AdminToken -AsPlainText
    $null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $Path)
    $lines = @(
        '# Written by build.ps1 for the local platform; valid while it runs with this data folder.'
        "BACKEND_URL=$($target.BackendUrl)"
        "AUTH_TOKEN=$token"
    )
    if (-not $IsWindows) {
        $null = New-Item -ItemType File -Force -Path $Path
        & chmod 600 $Path
    }
    Set-Content -LiteralPath $Path -Value $lines -Encoding utf8NoBOM
}

function Invoke-LocalPlatformControl {
    param([pscustomobject] $Platform, [string] $Method, [string] $Path, [hashtable] $Body)
    $target = Resolve-Platform -Platform $Platform
    $request = @{ Uri = $target.BackendUrl + $Path; Method = $Method; SkipHttpErrorCheck = $true; StatusCodeVariable = 'status' }
    if ($null -ne $Body) {
        $request.Body = $Body | ConvertTo-Json -Compress -Depth 5
        $request.ContentType = 'application/json'
    }
    $answer = Invoke-RestMethod @request
    if ($status -ne 200 -or -not $answer.success) {
        $message = if ($answer -and $answer.PSObject.Properties['message']) { $answer.message } else { "HTTP $status" }
        throw "LocalPlatform $Method $Path failed ($status): $message"
    }
    , $answer.data
}

function Resolve-Platform {
    param([pscustomobject] $Platform)
    if ($Platform) { return $Platform }
    if ($script:Current) { return $script:Current }
    throw 'No local platform: pass -Platform or run Start-LocalPlatform first.'
}

function Resolve-RepoRoot {
    param([string] $RepoRoot)
    if ($RepoRoot) { return (Resolve-Path -LiteralPath $RepoRoot).ProviderPath }
    for ($folder = Get-Item -LiteralPath $PSScriptRoot; $folder; $folder = $folder.Parent) {
        if (Test-Path -LiteralPath (Join-Path $folder.FullName 'HlsEncoder.slnx')) { return $folder.FullName }
    }
    throw "HlsEncoder.slnx not found above $PSScriptRoot; pass -RepoRoot"
}

function Initialize-LocalPlatformBuild {
    param([string] $RepoRoot)
    $source = Join-Path $RepoRoot 'tools/LocalPlatform'
    $dll = Join-Path $RepoRoot 'output/LocalPlatform/LocalPlatform.dll'
    $built = if (Test-Path -LiteralPath $dll) { (Get-Item -LiteralPath $dll).LastWriteTimeUtc } else { [datetime]::MinValue }
    $stale = Get-ChildItem -LiteralPath $source -File -Filter '*.cs*' | Where-Object LastWriteTimeUtc -gt $built
    if ($stale) {
        $output = & dotnet build (Join-Path $source 'LocalPlatform.csproj') -c Release -o (Split-Path -Parent $dll) -nologo -v quiet 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Building LocalPlatform failed:`n$($output -join "`n")" }
    }
    $s3 = Join-Path $source 's3'
    if (-not (Test-Path -LiteralPath (Join-Path $s3 'node_modules/@20minutes/s3rver'))) {
        $output = & npm ci --prefix $s3 --no-audit --no-fund --loglevel error 2>&1
        if ($LASTEXITCODE -ne 0) { throw "npm ci for the local S3 server failed:`n$($output -join "`n")" }
    }
}

function Stop-PlatformProcess {
    param([System.Diagnostics.Process] $Process)
    if ($Process.HasExited) { return }
    # SIGTERM lets the platform stop its S3 child and delete its temporary data; Kill() is the fallback.
    $kill = Get-Command -Name kill -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($kill) { & $kill.Source -TERM $Process.Id 2>$null }
    if (-not $kill -or -not $Process.WaitForExit(15000)) {
        $Process.Kill($true)
    }
    $Process.WaitForExit()
}

Export-ModuleMember -Function Start-LocalPlatform, Stop-LocalPlatform, Set-LocalPlatformFault, Set-LocalPlatformS3Fault,
    Set-LocalPlatformSetting, Reset-LocalPlatform, Get-LocalPlatformFileRecord, Get-LocalPlatformRequest,
    Get-LocalPlatformS3Put, Get-LocalPlatformS3Request, New-LocalPlatformToken, Write-LocalPlatformEnvFile
