#Requires -Version 7.4
<#
.SYNOPSIS
    Benchmarks a batch over PowerShell sessions against the same batch on this machine, and one machine's
    overlapped phases against strictly sequential ones, side by side in one run.

.DESCRIPTION
    A batch of -Videos short lectures (tools/TestAssets/New-TestMedia.ps1, 640x360), one rung, no
    transcription (the tiny test model's cost says nothing about a real one), against the local platform.
    Each round publishes every way in turn (A B C ..., -Rounds times), each to a course of its own and from
    fresh copies of the videos, so that nothing is skipped as already done; medians are reported.

      encodes alone   Invoke-HlsEncode of each video, one after the other: the sum of the encodes.
      sequential      one Publish-HlsVideo per video: encode, upload, record, then the next video.
      pipelined       one Publish-HlsVideo for the batch: video k uploads and is registered while k+1
                      encodes. Goal: at most 1.05 x the encodes alone.
      2 sessions      Publish-HlsVideo -Session over two SSH sessions to loopback hosts of this machine
                      (tools/LoopbackHosts). Same cores, so what it measures is the cost of remoting;
                      goal: at most 2 s per video over the pipelined batch.

    S3 answers every PUT -LatencyMs late (50 ms by default), as a remote bucket would. Results are also
    written to output/bench/FanOut.json. The bench reports; it does not fail on a slow machine.

.EXAMPLE
    dotnet pwsh ./bench/FanOut.Bench.ps1 -RepoRoot . -ModuleManifest ./output/HlsEncoder/0.2.0/HlsEncoder.psd1 -Rounds 3
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepoRoot,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [ValidateRange(2, 20)] [int] $Videos = 4,
    [ValidateRange(2, 120)] [int] $Duration = 12,
    [ValidateRange(1, 10)] [int] $Rounds = 2,
    [ValidateRange(0, 2000)] [int] $LatencyMs = 50
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).ProviderPath
Import-Module $ModuleManifest -Force
Import-Module (Join-Path $RepoRoot 'tools/LocalPlatform/LocalPlatform.psd1') -Force
Import-Module (Join-Path $RepoRoot 'tools/LoopbackHosts/LoopbackHosts.psm1') -Force

Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
$work = New-BenchFolder
$common = @{ Quality = '360p'; SegmentDuration = 4; SkipTranscription = $true }

function New-Round([string] $Way, [int] $Round) {
    <# Fresh copies of the videos (so nothing is found already encoded) and a course of their own. #>
    $folder = New-Item -ItemType Directory -Path (Join-Path $work "$Way-$Round")
    $copies = foreach ($lecture in $lectures) { Copy-Item -LiteralPath $lecture.FullName -Destination $folder.FullName -PassThru }
    $course = -join ((1..24) | ForEach-Object { '{0:x}' -f (Get-Random -Maximum 16) })
    [pscustomobject]@{ Folder = $folder.FullName; Videos = @($copies); CourseId = $course }
}

function Measure-Way([string] $Way, [int] $Round) {
    $batch = New-Round $Way $Round
    $clock = [Diagnostics.Stopwatch]::StartNew()
    switch ($Way) {
        'encodes alone' { foreach ($video in $batch.Videos) { $null = Invoke-HlsEncode -LiteralPath $video.FullName -Quality $common.Quality -SegmentDuration $common.SegmentDuration } }
        'sequential' { foreach ($video in $batch.Videos) { $null = Publish-HlsVideo -LiteralPath $video.FullName -CourseId $batch.CourseId @common } }
        'pipelined' { $null = $batch.Videos | Publish-HlsVideo -CourseId $batch.CourseId @common }
        '2 sessions' { $null = $batch.Videos | Publish-HlsVideo -CourseId $batch.CourseId -Session $sessions -OutputPath (Join-Path $batch.Folder 'remote') @common }
    }
    $clock.Stop()
    $clock.Elapsed.TotalSeconds
}

$platform = $loopback = $sessions = $null
try {
    $cores = [Environment]::ProcessorCount
    Write-Host "Fan-out bench: $Videos lectures of $Duration s (640x360 to $($common.Quality)), $Rounds round(s), S3 latency $LatencyMs ms per PUT, $cores cores"
    $lectures = foreach ($n in 1..$Videos) {
        & (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Lecture -Path (Join-Path $work "sources/lecture $n.mp4") -Width 640 -Height 360 -Duration ($Duration + $n - 1)
    }

    $platform = Start-LocalPlatform -RepoRoot $RepoRoot
    $env:BACKEND_URL = $platform.BackendUrl
    $env:AUTH_TOKEN = ConvertFrom-SecureString -SecureString $platform.AdminToken -AsPlainText
    if ($LatencyMs -gt 0) { Set-LocalPlatformS3Fault -Platform $platform -Status 0 -Count 1000000 -DelayMs $LatencyMs }

    $opened = [Diagnostics.Stopwatch]::StartNew()
    $loopback = Start-LoopbackHosts -Path (Join-Path $work 'hosts') -Address '127.0.0.2', '127.0.0.3'
    $sessions = @(New-LoopbackSession -Hosts $loopback -Address '127.0.0.2', '127.0.0.3')
    Invoke-Command -Session $sessions { Import-Module $using:ModuleManifest }
    $opened.Stop()
    Write-Host ("Two sessions opened, HlsEncoder imported there, in {0:0.0} s (not counted below)" -f $opened.Elapsed.TotalSeconds)

    $ways = 'encodes alone', 'sequential', 'pipelined', '2 sessions'
    $seconds = @{}; foreach ($way in $ways) { $seconds[$way] = [Collections.Generic.List[double]]::new() }
    $null = Measure-Way 'pipelined' 0   # warm-up: JIT, connections, disk cache
    $null = Measure-Way '2 sessions' 0
    foreach ($round in 1..$Rounds) {
        foreach ($way in $ways) { $seconds[$way].Add((Measure-Way $way $round)) }
    }

    $median = @{}; foreach ($way in $ways) { $median[$way] = Get-Median $seconds[$way] }
    $summary = [ordered]@{
        Videos                   = $Videos
        Cores                    = $cores
        LatencyMs                = $LatencyMs
        Seconds                  = $median
        PipelinedOverEncodes     = [math]::Round($median['pipelined'] / $median['encodes alone'], 3)
        SequentialOverEncodes    = [math]::Round($median['sequential'] / $median['encodes alone'], 3)
        SessionSecondsPerVideo   = [math]::Round(($median['2 sessions'] - $median['pipelined']) / $Videos, 2)
    }
    Write-Host ''
    foreach ($way in $ways) { Write-Host ("  {0,-14} {1,7:0.00} s (median of {2}: {3})" -f $way, $median[$way], $seconds[$way].Count, (($seconds[$way] | ForEach-Object { $_.ToString('0.00') }) -join ', ')) }
    Write-Host ''
    Write-Host ("Pipelined batch: {0:0.000}x the encodes alone (goal at most 1.05x); strictly sequential: {1:0.000}x" -f $summary.PipelinedOverEncodes, $summary.SequentialOverEncodes)
    Write-Host ("Two loopback sessions: {0:+0.00;-0.00} s per video over the pipelined batch on this machine (goal at most 2 s)" -f $summary.SessionSecondsPerVideo)

    $out = New-Item -ItemType Directory -Force -Path (Join-Path $RepoRoot 'output/bench')
    $summary | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path $out 'FanOut.json')
}
finally {
    if ($sessions) { Remove-PSSession -Session $sessions -ErrorAction Ignore }
    if ($loopback) { Stop-LoopbackHosts -Hosts $loopback }
    if ($platform) { Stop-LocalPlatform -Platform $platform }
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
