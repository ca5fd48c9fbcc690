#Requires -Version 7.4
<#
.SYNOPSIS
    Measures whether transcribing one video while the next one encodes pays, against doing the two one
    after the other, on this machine's cores.

.DESCRIPTION
    Two lectures (tools/TestAssets/New-TestMedia.ps1, 1280x720, -Duration s each). Each round runs, side by
    side in this one run (A B A B ...):

      one after the other   Invoke-Transcription of lecture 1, then Invoke-HlsEncode of lecture 2.
      overlapped            the same two at once, in two runspaces.

    The Whisper model has the shape of Whisper's "base" model (6+6 layers of width 512) with random weights
    (no real weights can be downloaded here): its arithmetic per window of audio is a real base model's,
    its words are nonsense. Both x264 and Whisper use every core, so on a small machine running them side by
    side mostly shares the same cores; the ratio says how much idle time the overlap finds. Results are also
    written to output/bench/Overlap.json. The bench reports; it does not fail on a slow machine.

.EXAMPLE
    dotnet pwsh ./bench/Overlap.Bench.ps1 -RepoRoot . -ModuleManifest ./output/HlsEncoder/0.2.0/HlsEncoder.psd1 -Rounds 3
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepoRoot,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [ValidateRange(5, 600)] [int] $Duration = 30,
    [ValidateRange(1, 10)] [int] $Rounds = 2
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).ProviderPath
Import-Module $ModuleManifest -Force

Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
$work = New-BenchFolder

$transcribe = { param($Module, $Source, $Model) Import-Module $Module; $null = Invoke-Transcription -LiteralPath $Source -OutputPath "$Source.transcript" -Model $Model -Language en -Force }
$encode = { param($Module, $Source) Import-Module $Module; $null = Invoke-HlsEncode -LiteralPath $Source -Quality 720p, 480p -Force }

function Measure-Way([string] $Way) {
    $clock = [Diagnostics.Stopwatch]::StartNew()
    if ($Way -eq 'one after the other') {
        & $transcribe $ModuleManifest $first $model
        & $encode $ModuleManifest $second
    }
    else {
        $jobs = @(
            Start-ThreadJob -ScriptBlock $transcribe -ArgumentList $ModuleManifest, $first, $model
            Start-ThreadJob -ScriptBlock $encode -ArgumentList $ModuleManifest, $second)
        $null = $jobs | Wait-Job | Receive-Job -ErrorAction Stop
        $jobs | Remove-Job
    }
    $clock.Stop()
    $clock.Elapsed.TotalSeconds
}

try {
    $cores = [Environment]::ProcessorCount
    Write-Host "Overlap bench: 2 lectures of $Duration s at 720p, base-shaped Whisper model, $Rounds round(s), $cores cores"
    $first = (& (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Lecture -Path (Join-Path $work 'lecture 1.mp4') -Width 1280 -Height 720 -Duration $Duration).FullName
    $second = (& (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Lecture -Path (Join-Path $work 'lecture 2.mp4') -Width 1280 -Height 720 -Duration $Duration).FullName
    $model = Join-Path $work 'ggml-base-shaped.bin'
    $made = & dotnet run --project (Join-Path $RepoRoot 'tools/TestAssets/TestAssets.csproj') -c Release -- tiny-model $model --shape base 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Could not write the model: $made" }

    $ways = 'one after the other', 'overlapped'
    $seconds = @{}; foreach ($way in $ways) { $seconds[$way] = [Collections.Generic.List[double]]::new() }
    $null = Measure-Way 'overlapped'   # warm-up: JIT, disk cache, the model file
    foreach ($round in 1..$Rounds) {
        foreach ($way in $ways) { $seconds[$way].Add((Measure-Way $way)) }
    }

    $median = @{}; foreach ($way in $ways) { $median[$way] = Get-Median $seconds[$way] }
    $ratio = [math]::Round($median['overlapped'] / $median['one after the other'], 3)
    Write-Host ''
    foreach ($way in $ways) { Write-Host ("  {0,-20} {1,7:0.00} s (median of {2}: {3})" -f $way, $median[$way], $seconds[$way].Count, (($seconds[$way] | ForEach-Object { $_.ToString('0.00') }) -join ', ')) }
    Write-Host ''
    Write-Host ("Overlapped: {0:0.000}x the wall time of one after the other on {1} cores (below 1 means the overlap pays)" -f $ratio, $cores)

    $out = New-Item -ItemType Directory -Force -Path (Join-Path $RepoRoot 'output/bench')
    [ordered]@{ Cores = $cores; Duration = $Duration; Seconds = $median; OverlappedOverSequential = $ratio } |
        ConvertTo-Json -Depth 3 | Set-Content -LiteralPath (Join-Path $out 'Overlap.json')
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
