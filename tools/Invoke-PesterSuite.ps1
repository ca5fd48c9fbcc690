#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the Pester tests in a pwsh of their own and writes the counts as JSON for build.ps1.
.DESCRIPTION
    A separate process keeps the build session free of the module under test (no locked assemblies),
    and lets tests import the staged module exactly as a user would.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $PesterVersion,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $ResultPath,
    # Comma-separated parts of test file names to run; all when empty.
    [string] $Filter
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
$pester = Join-Path $packages.Trim() "pester/$PesterVersion/tools/Pester.psd1"
if (-not (Test-Path -LiteralPath $pester)) {
    throw "Pester $PesterVersion is not in the NuGet cache ($pester). Run ./build.ps1 -Task Install."
}
Import-Module $pester -RequiredVersion $PesterVersion

$files = Get-ChildItem -LiteralPath $TestPath -Filter '*.Tests.ps1' -Recurse |
    Where-Object { $file = $_; -not $Filter -or ($Filter.Split(',') | Where-Object { $file.Name -like "*$_*" }) }

$env:HLSENCODER_TEST_MODULE = $ModuleManifest
# Plain text everywhere, also in the shells tests start: escape codes would end up in assertion messages.
$env:NO_COLOR = '1'
$PSStyle.OutputRendering = 'PlainText'
$configuration = New-PesterConfiguration
$configuration.Run.Path = @($files.FullName)
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
try {
    $result = Invoke-Pester -Configuration $configuration
}
finally {
    # common.ps1 starts one local platform for the whole run.
    $platform = Get-Variable -Name HlsEncoderTestPlatform -Scope Global -ValueOnly -ErrorAction Ignore
    if ($platform) {
        Import-Module (Join-Path $PSScriptRoot 'LocalPlatform/LocalPlatform.psd1')
        Stop-LocalPlatform -Platform $platform
    }
}

[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
} | ConvertTo-Json | Set-Content -LiteralPath $ResultPath -Encoding utf8
