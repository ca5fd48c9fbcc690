#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, stages, tests, serves and demonstrates HlsEncoder: the project's one entry point.

.DESCRIPTION
    Tasks (run in the order given):
      Install  installs what a fresh machine lacks: apt packages (ffmpeg, espeak-ng, chromium, nodejs),
               the local S3 server's npm packages, and Pester from NuGet. Idempotent; every other
               task runs it first unless -SkipInstall.
      Build    compiles and stages a loadable module in output/HlsEncoder/<version>/, with XML help,
               and builds the local platform (backend + S3) into output/LocalPlatform/.
      Package  packs the staged module into output/packages/HlsEncoder.<version>.nupkg with
               PSResourceGet (Compress-PSResource), after Test-ModuleManifest: what a folder
               repository or a gallery serves to Install-PSResource.
      Test     runs the xunit tests of the engine and the Pester tests of the module, then prints
               one line "N passed, N failed" counting both.
      Serve    starts the local platform (backend + S3) until Ctrl+C, and writes a .env for it.
      Demo     runs the main job end to end against the local platform.
      Bench    runs the benchmarks under bench/ (on demand; never part of Test).
      Clean    removes build and test outputs.

.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Serve
#>
[CmdletBinding()]
param(
    [ValidateSet('Install', 'Build', 'Package', 'Test', 'Serve', 'Demo', 'Bench', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Runs only the Pester files whose name matches (e.g. 'Send-HlsToS3'); xunit runs unless -SkipXunit.
    [string[]] $PesterFilter,

    [switch] $SkipXunit,

    [switch] $SkipPester,

    # Skips the Install task's checks (for repeated local runs on a prepared machine).
    [switch] $SkipInstall,

    # Demo: keep the local platform running afterwards, so that the published URL stays playable.
    [switch] $KeepServing
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$RepoRoot = $PSScriptRoot
$Manifest = Import-PowerShellDataFile -LiteralPath (Join-Path $RepoRoot 'HlsEncoder.psd1')
$ModuleVersion = $Manifest.ModuleVersion
$OutputRoot = Join-Path $RepoRoot 'output'
$StagePath = Join-Path $OutputRoot "HlsEncoder/$ModuleVersion"
$LocalPlatformOutput = Join-Path $OutputRoot 'LocalPlatform'
$TestResultsPath = Join-Path $OutputRoot 'TestResults'
$PesterVersion = '5.7.1'

Import-Module (Join-Path $RepoRoot 'tools/BuildTools.psm1') -Force

function Invoke-InstallTask {
    Install-AptPackage -Package @(
        @{ Command = 'ffmpeg'; Package = 'ffmpeg' }
        @{ Command = 'ffprobe'; Package = 'ffmpeg' }
        @{ Command = 'espeak-ng'; Package = 'espeak-ng' }
        @{ Command = 'node'; Package = 'nodejs' }
        @{ Command = 'npm'; Package = 'npm' }
        @{ Command = 'chromium'; Package = 'chromium' }
        # PowerShell remoting over SSH between loopback hosts (tests/FanOut.Tests.ps1, bench/FanOut.Bench.ps1).
        @{ Command = 'ssh'; Package = 'openssh-client' }
        @{ Command = '/usr/sbin/sshd'; Package = 'openssh-server' }
    )
    Install-NpmFolder -Path (Join-Path $RepoRoot 'tools/LocalPlatform/s3')
    Install-NpmFolder -Path (Join-Path $RepoRoot 'tools/Playback')
    Install-NuGetDownload -Project (Join-Path $RepoRoot 'tools/Dependencies/Dependencies.csproj')
}

function Invoke-BuildTask {
    Write-BuildStep "Building HlsEncoder $ModuleVersion ($Configuration)"
    $publish = Join-Path $OutputRoot 'obj/publish'
    Remove-BuildPath $publish
    Invoke-Native dotnet publish (Join-Path $RepoRoot 'HlsEncoder.Module/HlsEncoder.Module.csproj') `
        -c $Configuration -o $publish "-p:Version=$ModuleVersion" --nologo -v quiet

    Remove-BuildPath $StagePath
    $bin = New-Item -ItemType Directory -Force -Path (Join-Path $StagePath 'bin')
    $deps = New-Item -ItemType Directory -Force -Path (Join-Path $bin 'deps')
    Copy-Item -LiteralPath (Join-Path $RepoRoot 'HlsEncoder.psd1') -Destination $StagePath
    Copy-Item -LiteralPath (Join-Path $RepoRoot 'HlsEncoder.Module/HlsEncoder.Format.ps1xml') -Destination $StagePath
    # The cmdlet assembly loads in the default context; the engine and everything it needs load from
    # bin/deps in a context of their own (see DependencyLoadContext.cs).
    Get-ChildItem -LiteralPath $publish | Where-Object Name -NotLike 'HlsEncoder.Module.*' | Move-Item -Destination $deps
    Get-ChildItem -LiteralPath $publish -Filter 'HlsEncoder.Module.*' | Where-Object Extension -In '.dll', '.pdb' | Move-Item -Destination $bin
    Remove-Item -LiteralPath (Join-Path $deps 'HlsEncoder.Module.deps.json') -ErrorAction Ignore

    Write-BuildStep 'Building help from docs/en-US'
    $null = & (Join-Path $RepoRoot 'tools/Build-ModuleHelp.ps1') -ModuleManifest (Join-Path $StagePath 'HlsEncoder.psd1') -DocsPath (Join-Path $RepoRoot 'docs/en-US')

    Write-BuildStep 'Building the local platform (backend + S3)'
    Invoke-Native dotnet build (Join-Path $RepoRoot 'tools/LocalPlatform/LocalPlatform.csproj') -c $Configuration -o $LocalPlatformOutput --nologo -v quiet
    Write-BuildStep "Staged $StagePath"
}

function Invoke-PackageTask {
    $packages = New-Item -ItemType Directory -Force -Path (Join-Path $OutputRoot 'packages')
    $nupkg = Join-Path $packages "HlsEncoder.$ModuleVersion.nupkg"
    Remove-BuildPath $nupkg
    $null = Test-ModuleManifest -Path (Join-Path $StagePath 'HlsEncoder.psd1') -ErrorAction Stop
    # PSResourceGet ships with pwsh 7.4+; Compress-PSResource packs without a repository (offline).
    Compress-PSResource -Path $StagePath -DestinationPath $packages
    if (-not (Test-Path -LiteralPath $nupkg)) { throw "Compress-PSResource wrote no $nupkg." }
    Write-BuildStep ("Packed {0} ({1:0.0} MB)" -f $nupkg, ((Get-Item -LiteralPath $nupkg).Length / 1MB))
}

function Invoke-CleanTask {
    Remove-BuildPath $OutputRoot
    Get-ChildItem -LiteralPath $RepoRoot -Directory -Recurse -Include bin, obj -ErrorAction Ignore |
        Where-Object FullName -NotMatch 'node_modules' |
        ForEach-Object { Remove-BuildPath $_.FullName }
}

function Invoke-TestTask {
    Remove-BuildPath $TestResultsPath
    $null = New-Item -ItemType Directory -Force -Path $TestResultsPath
    $totals = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }

    if (-not $SkipXunit) {
        Write-BuildStep 'xunit: the engine'
        $trx = Join-Path $TestResultsPath 'xunit.trx'
        & dotnet test (Join-Path $RepoRoot 'tests/HlsEncoder.Tests/HlsEncoder.Tests.csproj') -c $Configuration --nologo `
            --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' --results-directory $TestResultsPath
        $xunit = Read-TrxCount -Path $trx
        Write-BuildStep "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
        $totals.Passed += $xunit.Passed; $totals.Failed += $xunit.Failed; $totals.Skipped += $xunit.Skipped
    }

    if (-not $SkipPester) {
        Write-BuildStep 'Pester: the module, driven as a user drives it'
        $pesterJson = Join-Path $TestResultsPath 'pester.json'
        $suite = @('-ModuleManifest', (Join-Path $StagePath 'HlsEncoder.psd1'), '-PesterVersion', $PesterVersion,
            '-TestPath', (Join-Path $RepoRoot 'tests'), '-ResultPath', $pesterJson)
        if ($PesterFilter) { $suite += '-Filter', ($PesterFilter -join ',') }
        & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $RepoRoot 'tools/Invoke-PesterSuite.ps1') @suite
        $pester = Read-PesterCount -Path $pesterJson
        Write-BuildStep "Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
        $totals.Passed += $pester.Passed; $totals.Failed += $pester.Failed; $totals.Skipped += $pester.Skipped
    }

    $summary = "$($totals.Passed) passed, $($totals.Failed) failed"
    if ($totals.Skipped -gt 0) { $summary += ", $($totals.Skipped) skipped" }
    $script:TestSummary = $summary
    if ($totals.Failed -gt 0) { $script:ExitCode = 1 }
}

function Invoke-ServeTask {
    Import-Module (Join-Path $RepoRoot 'tools/LocalPlatform/LocalPlatform.psd1') -Force
    $platform = Start-LocalPlatform -RepoRoot $RepoRoot
    try {
        $envFile = Join-Path $OutputRoot 'local-platform.env'
        Write-LocalPlatformEnvFile -Platform $platform -Path $envFile
        Write-Host "Local platform running: backend $($platform.BackendUrl), S3 $($platform.PublicBaseUrl)"
        Write-Host "Its settings (BACKEND_URL and an admin AUTH_TOKEN) are in $envFile; try:"
        Write-Host "  Import-Module $StagePath/HlsEncoder.psd1; Test-BackendConnection -EnvFile $envFile"
        Write-Host 'Press Ctrl+C to stop.'
        $platform.Process.WaitForExit()
    }
    finally {
        Stop-LocalPlatform -Platform $platform
    }
}

function Invoke-DemoTask {
    & (Join-Path $RepoRoot 'tools/Invoke-Demo.ps1') -RepoRoot $RepoRoot -ModuleManifest (Join-Path $StagePath 'HlsEncoder.psd1') -KeepServing:$KeepServing
}

function Invoke-BenchTask {
    # The upload bench compares against Debian's awscli (not another aws that may be on PATH).
    Install-AptPackage -Package @{ Command = '/usr/bin/aws'; Package = 'awscli' }
    $benches = @(Get-ChildItem -LiteralPath (Join-Path $RepoRoot 'bench') -Filter '*.Bench.ps1' -ErrorAction Ignore)
    if ($benches.Count -eq 0) {
        Write-BuildStep 'No benchmarks under bench/ yet.'
        return
    }
    foreach ($bench in $benches) {
        Write-BuildStep "Benchmark: $($bench.BaseName)"
        & dotnet pwsh -NoProfile -NonInteractive -File $bench.FullName -RepoRoot $RepoRoot -ModuleManifest (Join-Path $StagePath 'HlsEncoder.psd1')
        if ($LASTEXITCODE -ne 0) { throw "Benchmark $($bench.Name) failed (exit code $LASTEXITCODE)." }
    }
}

$script:ExitCode = 0
$script:TestSummary = $null
try {
    $needsInstall = $Task | Where-Object { $_ -in 'Test', 'Serve', 'Demo', 'Bench', 'Install' }
    if ($needsInstall -and -not $SkipInstall -and 'Install' -notin $Task) { Invoke-InstallTask }
    $needsBuild = $Task | Where-Object { $_ -in 'Package', 'Test', 'Serve', 'Demo', 'Bench' }
    if ($needsBuild -and 'Build' -notin $Task) { Invoke-BuildTask }
    foreach ($name in $Task) {
        & "Invoke-$($name)Task"
    }
}
catch {
    Write-Error -ErrorRecord $_ -ErrorAction Continue
    $script:ExitCode = 1
}
finally {
    # CI reads this as the run's very last line.
    if ($script:TestSummary) { Write-Host $script:TestSummary }
}
exit $script:ExitCode
