#Requires -Version 7.4
<#
.SYNOPSIS
    Measures what a player-grade package costs: I-frame playlists, poster and storyboard, loudness
    normalization and readable captions with silence skipped, against the package of before (encode +
    transcribe with all of them off), on one lecture with pauses.

.DESCRIPTION
    One lecture (tools/TestAssets/New-TestMedia.ps1 -Kind Lecture, 1280x720, -Duration s, speech said again
    after pauses of -Pause s: about 30 % silence with the defaults). Each round runs, side by side in this one
    run (A B A B ...):

      before         Invoke-HlsEncode -NoIFramePlaylist -NoPoster -NoStoryboard -NoLoudnessNormalization,
                     then Invoke-Transcription -NoSilenceSkip.
      player-grade   Invoke-HlsEncode and Invoke-Transcription with their defaults.

    Each way's encode and transcription are timed apart, so the run gives two ratios: the whole (goal
    <= 1.10x) and transcription with silence skipped against without (goal <= 0.8x on 30 % silence). The
    Whisper model has the shape of Whisper's "base" model with random weights (no real weights can be
    downloaded here): its arithmetic per window of audio is a real base model's. Results are also written
    to output/bench/PlayerGrade.json. The bench reports; it does not fail on a slow machine.

.EXAMPLE
    dotnet pwsh ./bench/PlayerGrade.Bench.ps1 -RepoRoot . -ModuleManifest ./output/HlsEncoder/0.2.0/HlsEncoder.psd1 -Rounds 1
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepoRoot,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [ValidateRange(10, 3600)] [int] $Duration = 600,
    [ValidateRange(0, 60)] [double] $Pause = 7.5,
    [ValidateRange(1, 10)] [int] $Rounds = 2
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).ProviderPath
Import-Module $ModuleManifest -Force

Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
$work = New-BenchFolder

$ways = [ordered]@{
    'before' = @{
        Encode = @{ NoIFramePlaylist = $true; NoPoster = $true; NoStoryboard = $true; NoLoudnessNormalization = $true }
        Transcribe = @{ NoSilenceSkip = $true }
    }
    'player-grade' = @{ Encode = @{}; Transcribe = @{} }
}

function Measure-Way([string] $Way) {
    $encodeOptions = $ways[$Way].Encode
    $transcribeOptions = $ways[$Way].Transcribe
    $output = Join-Path $work $Way
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $encode = Measure-Command {
        $script:Package = Invoke-HlsEncode -LiteralPath $lecture -OutputPath $output -Quality 720p, 480p -Force @encodeOptions
    }
    $transcribe = Measure-Command {
        $null = $script:Package | Invoke-Transcription -Model $model -Language en -Force @transcribeOptions
    }
    $clock.Stop()
    [pscustomobject]@{ Whole = $clock.Elapsed.TotalSeconds; Encode = $encode.TotalSeconds; Transcribe = $transcribe.TotalSeconds }
}

try {
    $cores = [Environment]::ProcessorCount
    Write-Host "Player-grade bench: a $Duration s 720p lecture with pauses of $Pause s, base-shaped Whisper model, $Rounds round(s), $cores cores"
    $lecture = (& (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Lecture -Path (Join-Path $work 'lecture.mp4') -Width 1280 -Height 720 -Duration $Duration -Pause $Pause).FullName
    $silent = & ffmpeg -hide_banner -nostats -i $lecture -map 0:a:0 -af 'silencedetect=noise=-40dB:duration=1' -f null - 2>&1 |
        Select-String 'silence_duration: ([\d.]+)' | ForEach-Object { [double]$_.Matches[0].Groups[1].Value } | Measure-Object -Sum
    $silentShare = [math]::Round($silent.Sum / $Duration, 3)
    $model = Join-Path $work 'ggml-base-shaped.bin'
    $made = & dotnet run --project (Join-Path $RepoRoot 'tools/TestAssets/TestAssets.csproj') -c Release -- tiny-model $model --shape base 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Could not write the model: $made" }

    $runs = @{}; foreach ($way in $ways.Keys) { $runs[$way] = [Collections.Generic.List[object]]::new() }
    foreach ($round in 1..$Rounds) {
        foreach ($way in $ways.Keys) { $runs[$way].Add((Measure-Way $way)) }
    }

    $median = @{}
    foreach ($way in $ways.Keys) {
        $median[$way] = [ordered]@{}
        foreach ($part in 'Whole', 'Encode', 'Transcribe') { $median[$way][$part] = Get-Median @($runs[$way] | ForEach-Object $part) }
    }
    $wholeRatio = [math]::Round($median['player-grade'].Whole / $median['before'].Whole, 3)
    $encodeRatio = [math]::Round($median['player-grade'].Encode / $median['before'].Encode, 3)
    $skipRatio = [math]::Round($median['player-grade'].Transcribe / $median['before'].Transcribe, 3)
    Write-Host ''
    Write-Host ("Silence in the lecture: {0:P0} (silencedetect, -40 dB, 1 s or longer)" -f $silentShare)
    foreach ($way in $ways.Keys) {
        Write-Host ("  {0,-13} {1,7:0.00} s = encode {2,6:0.00} s + transcribe {3,6:0.00} s (median of {4})" -f $way, $median[$way].Whole, $median[$way].Encode, $median[$way].Transcribe, $runs[$way].Count)
    }
    Write-Host ''
    Write-Host ("Player-grade package: {0:0.000}x the wall time of before (goal <= 1.10x); encode alone {1:0.000}x" -f $wholeRatio, $encodeRatio)
    Write-Host ("Transcription with silence skipped: {0:0.000}x the wall time without (goal <= 0.8x)" -f $skipRatio)

    $out = New-Item -ItemType Directory -Force -Path (Join-Path $RepoRoot 'output/bench')
    [ordered]@{ Cores = $cores; Duration = $Duration; SilentShare = $silentShare; Seconds = $median; PlayerGradeOverBefore = $wholeRatio; EncodeOverBefore = $encodeRatio; SilenceSkippedOverNot = $skipRatio } |
        ConvertTo-Json -Depth 4 | Set-Content -LiteralPath (Join-Path $out 'PlayerGrade.json')
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
