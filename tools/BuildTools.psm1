#Requires -Version 7.4
# Helpers for build.ps1: running native tools, installing what a fresh machine lacks, reading test results.
Set-StrictMode -Version Latest

function Write-BuildStep {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Message)
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function Invoke-Native {
    <# Runs a native command and throws when it fails, echoing its output only then. A plain function
       (no CmdletBinding), so that arguments such as -o and -c reach the command untouched. #>
    $command, $arguments = $args
    $output = & $command @arguments 2>&1
    if ($LASTEXITCODE -ne 0) {
        $output | ForEach-Object { Write-Host $_ }
        throw "'$command $($arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
    $output | ForEach-Object { Write-Verbose "$_" }
}

function Remove-BuildPath {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
    if (Test-Path -LiteralPath $Path) { Remove-Item -LiteralPath $Path -Recurse -Force }
}

function Test-CommandAvailable {
    param([Parameter(Mandatory)] [string] $Name)
    [bool](Get-Command -Name $Name -CommandType Application -ErrorAction Ignore)
}

function Install-AptPackage {
    <# Installs the Debian packages whose command is missing, with sudo when not root. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [hashtable[]] $Package)
    $missing = @($Package | Where-Object { -not (Test-CommandAvailable $_.Command) } | ForEach-Object Package | Select-Object -Unique)
    if ($missing.Count -eq 0) { return }
    if (-not (Test-CommandAvailable 'apt-get')) {
        throw "These tools are missing and this is not a Debian-like system: $($missing -join ', '). Install them, then run the build again."
    }
    $sudo = @()
    if ((& id -u) -ne '0') {
        if (-not (Test-CommandAvailable 'sudo')) { throw "Installing $($missing -join ', ') needs root; run as root or install sudo." }
        $sudo = @('sudo')
    }
    Write-BuildStep "Installing Debian packages: $($missing -join ', ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native @sudo apt-get update -q
    Invoke-Native @sudo apt-get install -y -q --no-install-recommends @missing
}

function Install-NpmFolder {
    <# npm ci in a folder of the project's own, when its node_modules is missing or older than its lock file. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
    $lock = Join-Path $Path 'package-lock.json'
    $marker = Join-Path $Path 'node_modules/.package-lock.json'
    # [IO.File], not Get-Item: on Linux PowerShell hides dot files such as .package-lock.json from Get-Item.
    if ([IO.File]::Exists($marker) -and [IO.File]::GetLastWriteTimeUtc($marker) -ge [IO.File]::GetLastWriteTimeUtc($lock)) { return }
    Write-BuildStep "npm ci in $Path"
    Invoke-Native npm ci --prefix $Path --no-audit --no-fund --loglevel=error
}

function Get-NuGetPackageRoot {
    $line = & dotnet nuget locals global-packages --list
    ($line -replace '^global-packages:\s*', '').Trim()
}

function Install-NuGetDownload {
    <# Restores a restore-only project so its PackageDownload items land in the NuGet cache. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Project)
    Invoke-Native dotnet restore $Project --nologo -v quiet
}

function Read-TrxCount {
    <# Reads passed/failed/skipped from a Visual Studio test results (TRX) file. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
    if (-not (Test-Path -LiteralPath $Path)) {
        Write-Warning "No xunit results at ${Path}: counting the xunit run as one failure."
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    [xml] $trx = Get-Content -LiteralPath $Path -Raw
    $counters = $trx.TestRun.ResultSummary.Counters
    [pscustomobject]@{
        Passed  = [int]$counters.passed
        Failed  = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        Skipped = [int]$counters.notExecuted
    }
}

function Read-PesterCount {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)
    if (-not (Test-Path -LiteralPath $Path)) {
        Write-Warning "No Pester results at ${Path}: counting the Pester run as one failure."
        return [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }
    $result = Get-Content -LiteralPath $Path -Raw | ConvertFrom-Json
    [pscustomobject]@{ Passed = [int]$result.Passed; Failed = [int]$result.Failed; Skipped = [int]$result.Skipped }
}

Export-ModuleMember -Function Write-BuildStep, Invoke-Native, Remove-BuildPath, Test-CommandAvailable, Install-AptPackage,
    Install-NpmFolder, Get-NuGetPackageRoot, Install-NuGetDownload, Read-TrxCount, Read-PesterCount
