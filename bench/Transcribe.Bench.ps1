#Requires -Version 7.4
<#
.SYNOPSIS
    Benchmarks HlsEncoder's in-process transcription (ffmpeg streams PCM through a pipe into Whisper.net,
    a few minutes at a time) against decoding the audio to a WAV file first and handing that file to
    Whisper.net, on the same audio and model: wall time, CPU time, peak memory, and their ratios.

.DESCRIPTION
    The audio is real espeak-ng speech, repeated to each -Duration and encoded as AAC (.m4a), as a
    lecture's sound track would be. The model is the project's tiny random-weight model (no real weights
    can be downloaded here). Both ways run Whisper with the same settings, temperature fallback off: the
    random model fails every confidence check, and with fallback on it re-decodes each window at rising
    temperatures, which makes its run time a measure of nonsense rather than of the pipeline.

      streaming   HlsEncoder's engine (the Transcriber behind Invoke-Transcription; the cmdlet only adds
                  parameter binding and progress): ffmpeg decodes to 16 kHz float PCM into a pipe,
                  Whisper.net gets it in chunks of at most 5 minutes cut in pauses, and the cues are
                  cleaned and written as SRT, VTT, TXT and JSON.
      file first  ffmpeg decodes the audio to a 16 kHz 16-bit WAV file; Whisper.net's ProcessAsync(Stream)
                  reads that file (it loads every sample into memory) and returns the segments. Nothing is
                  written. This is what the Whisper.net examples do.

    Every run is a fresh pwsh process. Peak memory is VmHWM from /proc/self/status of that process
    (ffmpeg runs beside it in both ways and is not counted); CPU time is user + system time of the
    process and its finished children (ffmpeg included), which other load on the machine does not
    inflate. Two more processes measure each way before any audio (its assemblies loaded), so that
    "Audio MiB" is the memory the audio itself costs. The file-first code is compiled beforehand in a
    process of its own, so the C# compiler never counts. Runs alternate (A B A B ...) -Rounds times per
    duration; medians are printed and written to output/bench/Transcribe.json. The bench reports; it
    does not fail on a slow machine.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench

.EXAMPLE
    dotnet pwsh ./bench/Transcribe.Bench.ps1 -RepoRoot . -ModuleManifest ./output/HlsEncoder/0.1.0/HlsEncoder.psd1 -Duration 600 -Rounds 3
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepoRoot,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    # Seconds of audio; the second default shows whether memory grows with the recording.
    [ValidateRange(30, 14400)] [int[]] $Duration = @(600, 3600),
    [ValidateRange(1, 5)] [int] $Rounds = 2
)

Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

$RepoRoot = (Resolve-Path -LiteralPath $RepoRoot).ProviderPath
$ModuleManifest = (Resolve-Path -LiteralPath $ModuleManifest).ProviderPath
$deps = Join-Path (Split-Path $ModuleManifest) 'bin/deps'
$work = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "hlsenc-transcribe-bench-$([guid]::NewGuid().ToString('N').Substring(0, 8))")).FullName

# Printed last by every measured process.
$report = @'
$peak = [long](((Get-Content -LiteralPath /proc/self/status) -match '^VmHWM:')[0] -replace '\D', '')
$fields = ((Get-Content -LiteralPath /proc/self/stat -Raw) -replace '^.*\) ', '') -split ' '
$cpu = ([double]$fields[11] + [double]$fields[12] + [double]$fields[13] + [double]$fields[14]) / 100
[pscustomobject]@{ Seconds = $seconds; DecodeSeconds = $decoded; CpuSeconds = $cpu; PeakKiB = $peak; Segments = $segments } | ConvertTo-Json -Compress
'@

$streaming = @'
param($Deps, $Model, $Audio, $Out)
$ErrorActionPreference = 'Stop'
Add-Type -Path (Join-Path $Deps 'HlsEncoder.dll')
$options = [HlsEncoder.Transcription.TranscriptionOptions]@{ ModelPath = $Model; TemperatureIncrement = 0 }
$request = [HlsEncoder.Transcription.TranscriptionRequest]@{ Language = 'en'; Force = $true }
$watch = [Diagnostics.Stopwatch]::StartNew()
$transcriber = [HlsEncoder.Transcription.Transcriber]::new($options, $null, $null)
$transcript = $transcriber.TranscribeFileAsync($Audio, $Out, $request, $null, [Threading.CancellationToken]::None).GetAwaiter().GetResult()
$transcriber.Dispose()
$seconds = $watch.Elapsed.TotalSeconds
$decoded = $null
$segments = $transcript.SegmentCount
'@ + "`n" + $report

$streamingIdle = @'
param($Deps)
Add-Type -Path (Join-Path $Deps 'HlsEncoder.dll'), (Join-Path $Deps 'Whisper.net.dll')
$null = [HlsEncoder.Transcription.Transcriber], [Whisper.net.WhisperFactory]
$seconds = 0; $decoded = $null; $segments = 0
'@ + "`n" + $report

$baselineSource = @'
using System.IO;
using System.Threading.Tasks;
using Whisper.net;

public static class FileFirstBaseline
{
    public static async Task<int> RunAsync(string model, string wav)
    {
        using var factory = WhisperFactory.FromPath(model);
        await using var processor = factory.CreateBuilder().WithLanguage("en").WithTemperatureInc(0f).Build();
        await using var audio = File.OpenRead(wav);
        var segments = 0;
        await foreach (var segment in processor.ProcessAsync(audio))
        {
            segments++;
        }

        return segments;
    }
}
'@

$compile = @'
param($Deps, $Source, $Assembly)
$ErrorActionPreference = 'Stop'
Add-Type -ReferencedAssemblies (Join-Path $Deps 'Whisper.net.dll') -IgnoreWarnings -OutputAssembly $Assembly -TypeDefinition (Get-Content -LiteralPath $Source -Raw)
'{}'
'@

$fileFirst = @'
param($Deps, $Baseline, $Model, $Audio, $Wav)
$ErrorActionPreference = 'Stop'
Add-Type -Path (Join-Path $Deps 'Whisper.net.dll'), $Baseline
$watch = [Diagnostics.Stopwatch]::StartNew()
& ffmpeg -nostdin -hide_banner -loglevel error -y -i $Audio -vn -ac 1 -ar 16000 -c:a pcm_s16le $Wav
if ($LASTEXITCODE -ne 0) { throw "ffmpeg could not decode $Audio." }
$decoded = $watch.Elapsed.TotalSeconds
$segments = [FileFirstBaseline]::RunAsync($Model, $Wav).GetAwaiter().GetResult()
$seconds = $watch.Elapsed.TotalSeconds
'@ + "`n" + $report

$fileFirstIdle = @'
param($Deps, $Baseline)
Add-Type -Path (Join-Path $Deps 'Whisper.net.dll'), $Baseline
$null = [FileFirstBaseline], [Whisper.net.WhisperFactory]
$seconds = 0; $decoded = $null; $segments = 0
'@ + "`n" + $report

function Invoke-Child {
    <# Runs a script in a fresh pwsh (the repository's local tool) and returns the JSON it prints last. #>
    param([Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [string[]] $Argument)
    $path = Join-Path $work "child-$([guid]::NewGuid().ToString('N').Substring(0, 6)).ps1"
    Set-Content -LiteralPath $path -Value $Script -Encoding utf8
    Push-Location -LiteralPath $RepoRoot
    try { $output = & dotnet pwsh -NoProfile -NonInteractive -File $path @Argument 2>&1 }
    finally { Pop-Location }
    if ($LASTEXITCODE -ne 0) { throw "A benchmark run failed (exit code $LASTEXITCODE): $($output -join [Environment]::NewLine)" }
    ($output | Select-Object -Last 1) | ConvertFrom-Json
}

try {
    $model = Join-Path $work 'ggml-tiny-bench.bin'
    $made = & dotnet run --project (Join-Path $RepoRoot 'tools/TestAssets/TestAssets.csproj') -c Release -- tiny-model $model 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Could not make the tiny Whisper model: $made" }
    $speech = & (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Speech -Path (Join-Path $work 'speech.wav') -Duration 20

    $sourceFile = Join-Path $work 'FileFirstBaseline.cs'
    Set-Content -LiteralPath $sourceFile -Value $baselineSource -Encoding utf8
    $baselineAssembly = Join-Path $work 'FileFirstBaseline.dll'
    $null = Invoke-Child -Script $compile -Argument $deps, $sourceFile, $baselineAssembly
    $idlePeak = @{
        Streaming = (Invoke-Child -Script $streamingIdle -Argument $deps).PeakKiB
        FileFirst = (Invoke-Child -Script $fileFirstIdle -Argument $deps, $baselineAssembly).PeakKiB
    }
    Write-Host "Transcribe bench: speech as AAC, tiny random-weight model, temperature fallback off, $Rounds round(s) per duration, $([Environment]::ProcessorCount) cores"

    $results = foreach ($seconds in $Duration) {
        $audio = Join-Path $work "lecture-$seconds.m4a"
        & ffmpeg -nostdin -hide_banner -loglevel error -y -stream_loop -1 -i $speech.FullName -t $seconds -ac 1 -ar 48000 -c:a aac -b:a 96k $audio
        if ($LASTEXITCODE -ne 0) { throw 'ffmpeg could not make the benchmark audio.' }
        Write-Host ''
        Write-Host "$seconds s of audio:"
        $runs = @{ Streaming = [System.Collections.Generic.List[object]]::new(); FileFirst = [System.Collections.Generic.List[object]]::new() }
        for ($round = 1; $round -le $Rounds; $round++) {
            $runs.Streaming.Add((Invoke-Child -Script $streaming -Argument $deps, $model, $audio, (Join-Path $work 'streaming')))
            Write-Host ("  round {0}: streaming  {1,6:0.0} s wall, {2,6:0.0} s CPU, {3,5:0} MiB peak" -f $round, $runs.Streaming[-1].Seconds, $runs.Streaming[-1].CpuSeconds, ($runs.Streaming[-1].PeakKiB / 1024))
            $runs.FileFirst.Add((Invoke-Child -Script $fileFirst -Argument $deps, $baselineAssembly, $model, $audio, (Join-Path $work 'decoded.wav')))
            Write-Host ("  round {0}: file first {1,6:0.0} s wall, {2,6:0.0} s CPU, {3,5:0} MiB peak (decoding to WAV {4:0.0} s)" -f $round, $runs.FileFirst[-1].Seconds, $runs.FileFirst[-1].CpuSeconds, ($runs.FileFirst[-1].PeakKiB / 1024), $runs.FileFirst[-1].DecodeSeconds)
            Remove-Item -LiteralPath (Join-Path $work 'decoded.wav') -ErrorAction Ignore
        }

        $summary = foreach ($way in 'Streaming', 'FileFirst') {
            $peak = Get-Median $runs[$way].PeakKiB
            $wall = Get-Median $runs[$way].Seconds
            [pscustomobject]@{
                Way         = $(if ($way -eq 'Streaming') { 'streaming' } else { 'file first' })
                'Wall s'    = [math]::Round($wall, 1)
                'CPU s'     = [math]::Round((Get-Median $runs[$way].CpuSeconds), 1)
                Realtime    = [math]::Round($seconds / $wall, 1)
                'Peak MiB'  = [math]::Round($peak / 1024)
                'Idle MiB'  = [math]::Round($idlePeak[$way] / 1024)
                'Audio MiB' = [math]::Round(($peak - $idlePeak[$way]) / 1024)
            }
        }
        $summary | Format-Table -AutoSize | Out-String -Width 200 -Stream | Where-Object { $_ } | ForEach-Object { Write-Host "  $_" }
        $ratios = [pscustomobject]@{
            Wall        = [math]::Round($summary[0].'Wall s' / $summary[1].'Wall s', 2)
            Cpu         = [math]::Round($summary[0].'CPU s' / $summary[1].'CPU s', 2)
            Peak        = [math]::Round($summary[0].'Peak MiB' / $summary[1].'Peak MiB', 2)
            AudioMemory = $(if ($summary[1].'Audio MiB' -gt 0) { [math]::Round($summary[0].'Audio MiB' / $summary[1].'Audio MiB', 2) } else { $null })
        }
        Write-Host ("  streaming / file first: wall {0:0.00}x, CPU {1:0.00}x, peak memory {2:0.00}x, memory for the audio {3:0.00}x" -f $ratios.Wall, $ratios.Cpu, $ratios.Peak, $ratios.AudioMemory)
        Write-Host ("  (file first holds the whole recording: {0:0} MiB as 16-bit samples and {1:0} MiB as floats; streaming at most 5 minutes, {2:0} MiB of floats)" -f
            ($seconds * 16000 * 2 / 1MB), ($seconds * 16000 * 4 / 1MB), ([math]::Min($seconds, 300) * 16000 * 4 / 1MB))
        [pscustomobject]@{ DurationSeconds = $seconds; Summary = @($summary); Ratios = $ratios; Runs = @{ Streaming = @($runs.Streaming); FileFirst = @($runs.FileFirst) } }
    }

    Write-Host ''
    Write-Host 'Idle = the process with its assemblies loaded, before any audio; Audio MiB = peak minus idle; CPU includes ffmpeg.'
    $resultsFolder = New-Item -ItemType Directory -Force -Path (Join-Path $RepoRoot 'output/bench')
    $resultsFile = Join-Path $resultsFolder 'Transcribe.json'
    [pscustomobject]@{
        Date = (Get-Date).ToUniversalTime().ToString('o'); Cores = [Environment]::ProcessorCount; Rounds = $Rounds
        IdlePeakKiB = $idlePeak; Results = @($results)
    } | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $resultsFile -Encoding utf8
    Write-Host "Results: $resultsFile"
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
