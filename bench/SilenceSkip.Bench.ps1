#Requires -Version 7.4
<#
.SYNOPSIS
    Measures what skipping silence before recognition saves: Invoke-Transcription of a lecture with long
    pauses, with silences skipped (the default) against -NoSilenceSkip.

.DESCRIPTION
    One recording of about -Duration seconds: espeak-ng speech in stretches of three sentences with pauses
    of 2.5 to 6 s between them (digital silence, about 30 % of the whole), 16 kHz mono WAV. Each round transcribes it both ways, side
    by side in this one run (A B A B ...), with -Force so that nothing is reused:

      silence skipped   the default: silences of 2 s or more are never handed to Whisper.
      -NoSilenceSkip    Whisper hears the whole recording.

    The Whisper model has the shape of Whisper's "base" model (6+6 layers of width 512; -Shape tiny for the
    tests' 1+1 layers of width 64) with random weights (no real weights can be downloaded here): its
    arithmetic per window of audio is a real base model's, its words are nonsense. Random weights make
    whisper.cpp retry every window at higher temperatures, on both sides alike. Results are also written to output/bench/SilenceSkip.json. The bench reports;
    it does not fail on a slow machine.

.EXAMPLE
    dotnet pwsh ./bench/SilenceSkip.Bench.ps1 -RepoRoot . -ModuleManifest ./output/HlsEncoder/0.2.0/HlsEncoder.psd1 -Rounds 3
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepoRoot,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [ValidateRange(30, 600)] [int] $Duration = 90,
    [ValidateRange(1, 10)] [int] $Rounds = 2,
    # The shape of the random-weight model: base (a real base model's arithmetic, minutes per run on two
    # cores) or tiny (the tests' model: quick, but decoding and loading weigh more in its times).
    [ValidateSet('tiny', 'base')] [string] $Shape = 'base',
    # A model file to use instead of the random one (a real ggml model, if you have one).
    [string] $Model
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).ProviderPath
Import-Module $ModuleManifest -Force

Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
$work = New-BenchFolder

$sentences = @(
    'Welcome to this lecture on adaptive streaming.'
    'A long video is cut into short segments of a few seconds.'
    'Each segment is encoded at several bit rates and resolutions.'
    'The player measures the network while it plays.'
    'When the network slows down, it switches to a smaller rendition without stopping.'
    'Subtitles are a rendition of their own, in WebVTT.'
)

function New-PausedLecture([string] $Path) {
    <# Sentences and pauses until -Duration seconds, concatenated by ffmpeg into one WAV. #>
    $random = [Random]::new(7)
    $parts = [Collections.Generic.List[string]]::new()
    $length = 0.0; $silence = 0.0; $i = 0
    while ($length -lt $Duration) {
        $spoken = Join-Path $work "part-$i.wav"
        # Three sentences (about 10 s) between pauses: roughly 30 % of the lecture is silence.
        $text = (0..2 | ForEach-Object { $sentences[(3 * $i + $_) % $sentences.Count] }) -join ' '
        & espeak-ng -w $spoken $text
        if ($LASTEXITCODE -ne 0) { throw 'espeak-ng failed.' }
        $parts.Add($spoken)
        $length += [double](& ffprobe -v error -show_entries format=duration -of csv=p=0 $spoken)
        $pause = [math]::Round(2.5 + $random.NextDouble() * 3.5, 2)
        $quiet = Join-Path $work "pause-$i.wav"
        & ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -t $pause -i 'anullsrc=r=22050:cl=mono' -c:a pcm_s16le $quiet
        $parts.Add($quiet)
        $length += $pause; $silence += $pause; $i++
    }
    $list = Join-Path $work 'parts.txt'
    Set-Content -LiteralPath $list -Value ($parts | ForEach-Object { "file '$_'" })
    & ffmpeg -nostdin -hide_banner -loglevel error -y -f concat -safe 0 -i $list -ar 16000 -ac 1 -c:a pcm_s16le $Path
    if ($LASTEXITCODE -ne 0) { throw 'ffmpeg could not join the lecture.' }
    [pscustomobject]@{ Path = $Path; Seconds = $length; SilenceSeconds = $silence }
}

function Measure-Way([string] $Way) {
    $skip = @{ NoSilenceSkip = $Way -eq '-NoSilenceSkip' }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $transcript = Invoke-Transcription -LiteralPath $lecture.Path -OutputPath (Join-Path $work 'transcript') -Model $model -Language en -Force @skip
    $clock.Stop()
    [pscustomobject]@{ Seconds = $clock.Elapsed.TotalSeconds; Skipped = $transcript.SkippedSilence.TotalSeconds }
}

try {
    $cores = [Environment]::ProcessorCount
    $lecture = New-PausedLecture (Join-Path $work 'lecture.wav')
    $model = $Model
    if (-not $model) {
        $model = Join-Path $work "ggml-$Shape-shaped.bin"
        $made = & dotnet run --project (Join-Path $RepoRoot 'tools/TestAssets/TestAssets.csproj') -c Release -- tiny-model $model --shape $Shape 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Could not write the model: $made" }
    }
    Write-Host ("Silence-skip bench: {0:0} s lecture, {1:0} s ({2:0} %) of it pauses, model {3}, {4} round(s), {5} cores" -f
        $lecture.Seconds, $lecture.SilenceSeconds, (100 * $lecture.SilenceSeconds / $lecture.Seconds), (Split-Path -Leaf $model), $Rounds, $cores)

    $ways = 'silence skipped', '-NoSilenceSkip'
    $seconds = @{}; foreach ($way in $ways) { $seconds[$way] = [Collections.Generic.List[double]]::new() }
    $null = Measure-Way 'silence skipped'   # warm-up: JIT, disk cache, the model file
    $skipped = 0.0
    foreach ($round in 1..$Rounds) {
        foreach ($way in $ways) {
            $run = Measure-Way $way
            Write-Host ("  round {0}: {1,-16} {2,7:0.00} s" -f $round, $way, $run.Seconds)
            $seconds[$way].Add($run.Seconds)
            if ($way -eq 'silence skipped') { $skipped = $run.Skipped }
        }
    }

    $median = @{}; foreach ($way in $ways) { $median[$way] = Get-Median $seconds[$way] }
    $ratio = [math]::Round($median['silence skipped'] / $median['-NoSilenceSkip'], 3)
    Write-Host ''
    foreach ($way in $ways) { Write-Host ("  {0,-16} {1,7:0.00} s (median of {2}: {3})" -f $way, $median[$way], $seconds[$way].Count, (($seconds[$way] | ForEach-Object { $_.ToString('0.00') }) -join ', ')) }
    Write-Host ''
    Write-Host ("Silence skipped: {0:0.000}x the wall time of -NoSilenceSkip; {1:0.0} s of {2:0.0} s never handed to Whisper" -f $ratio, $skipped, $lecture.Seconds)

    $out = New-Item -ItemType Directory -Force -Path (Join-Path $RepoRoot 'output/bench')
    [ordered]@{ Cores = $cores; Duration = [math]::Round($lecture.Seconds, 1); SilenceSeconds = [math]::Round($lecture.SilenceSeconds, 1)
        SkippedSeconds = $skipped; Seconds = $median; SkippedOverWhole = $ratio } |
        ConvertTo-Json -Depth 3 | Set-Content -LiteralPath (Join-Path $out 'SilenceSkip.json')
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
