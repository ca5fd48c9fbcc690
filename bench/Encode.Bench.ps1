#Requires -Version 7.4
<#
.SYNOPSIS
    Benchmarks the single-process ladder against one ffmpeg process per rung, on a slide lecture and on
    high-motion video, and reports each rung's bit rate and SSIM against the scaled source.

.DESCRIPTION
    For each clip (generated with tools/TestAssets/New-TestMedia.ps1, 1920x1080 at 30 fps) the two ways
    of encoding the same ladder run in turn, -Rounds times (A B A B ...), in this one run:

      one process   Invoke-HlsEncode -Quality 1080p,720p,480p: one ffmpeg decodes the source once,
                    splits and scales it, and encodes every rung.
      per rung      Invoke-HlsEncode -Quality <rung>, once per rung: one ffmpeg per rung, each decoding
                    the source itself. Same engine, same filters and rate control, same preset.

    It prints the median wall time of each, the speed-up (per rung / one process), the realtime factor
    (clip duration / wall time), the CPU seconds of the ffmpeg processes (Linux), and per rung the
    average bit rate of the package (video + audio + MPEG-TS), of the video alone, and the SSIM of the
    rendition against the source scaled to the rung's size (ffmpeg's ssim filter). Results are also
    written to output/bench/Encode.json. The bench reports; it does not fail on a slow machine.

    -Source Camera (the default) re-encodes the generated clips the way cameras and screen recorders
    deliver video (H.264 High profile, CABAC, B-frames, CRF 18), because what one process saves is the
    repeated decoding of the source, and New-TestMedia's ultrafast clips (no CABAC, no B-frames) decode
    unrealistically cheaply. -Source TestMedia uses those clips as they are.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Bench

.EXAMPLE
    dotnet pwsh ./bench/Encode.Bench.ps1 -RepoRoot . -ModuleManifest ./output/HlsEncoder/0.1.0/HlsEncoder.psd1 -Duration 60 -Rounds 3
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepoRoot,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [ValidateRange(2, 600)] [int] $Duration = 20,
    [ValidateRange(1, 10)] [int] $Rounds = 2,
    [string[]] $Quality = @('1080p', '720p', '480p'),
    [string] $Preset = 'veryfast',
    [ValidateSet('Camera', 'TestMedia')] [string] $Source = 'Camera'
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Import-Module $ModuleManifest -Force

$GoalSpeedUp = 1.25
Import-Module (Join-Path $PSScriptRoot 'BenchTools.psm1') -Force
$work = New-BenchFolder

function Get-ChildCpuSecond {
    <# CPU seconds of this process's finished children (ffmpeg, ffprobe), from /proc; $null elsewhere. #>
    if (-not (Test-Path -LiteralPath '/proc/self/stat')) { return $null }
    $fields = ((Get-Content -LiteralPath '/proc/self/stat' -Raw) -replace '^.*\) ', '') -split ' '
    # After the command name: field 14 and 15 of stat(5) are cutime and cstime, in clock ticks (100 per second on Linux).
    ([double]$fields[13] + [double]$fields[14]) / 100
}

function Measure-Encode {
    param([Parameter(Mandatory)] [scriptblock] $Encode)
    $cpu = Get-ChildCpuSecond
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $packages = & $Encode
    $watch.Stop()
    $after = Get-ChildCpuSecond
    [pscustomobject]@{
        Seconds    = $watch.Elapsed.TotalSeconds
        CpuSeconds = if ($null -ne $cpu) { $after - $cpu } else { $null }
        Packages   = @($packages)
    }
}

function Get-VideoBitrate {
    <# Average bit rate of a rendition's video packets alone, from ffprobe. #>
    param([Parameter(Mandatory)] $Rendition)
    $sizes = & ffprobe -v error -select_streams v:0 -show_entries packet=size -of csv=p=0 $Rendition.PlaylistPath
    $bytes = ($sizes | Where-Object { $_ } | ForEach-Object { [long]$_.TrimEnd(',') } | Measure-Object -Sum).Sum
    $seconds = (Get-Content -LiteralPath $Rendition.PlaylistPath | Where-Object { $_ -like '#EXTINF:*' } |
            ForEach-Object { [double]($_ -replace '^#EXTINF:([0-9.]+),.*$', '$1') } | Measure-Object -Sum).Sum
    [math]::Round($bytes * 8 / $seconds / 1000)
}

function Get-Ssim {
    <# SSIM (all planes) of a rendition against the source scaled to its size, frame by frame from time 0. #>
    param([Parameter(Mandatory)] $Rendition, [Parameter(Mandatory)] [string] $Source)
    $graph = "[0:v]setpts=PTS-STARTPTS[encoded];[1:v]fps=$($Rendition.FrameRate),scale=$($Rendition.Width):$($Rendition.Height),setsar=1,format=yuv420p,setpts=PTS-STARTPTS[reference];[encoded][reference]ssim"
    $output = & ffmpeg -hide_banner -nostdin -nostats -i $Rendition.PlaylistPath -i $Source -lavfi $graph -f null - 2>&1
    $line = $output | Where-Object { "$_" -match 'SSIM .* All:([0-9.]+)' } | Select-Object -Last 1
    if (-not $line) { throw "ffmpeg printed no SSIM for $($Rendition.PlaylistPath)." }
    [void]("$line" -match 'All:([0-9.]+)')
    [double]$Matches[1]
}

try {
    $newMedia = Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1'
    $clips = [ordered]@{}
    foreach ($kind in @(@{ Name = 'Slide lecture'; Kind = 'Lecture' }, @{ Name = 'High motion'; Kind = 'Motion' })) {
        $generated = (& $newMedia -Kind $kind.Kind -Path (Join-Path $work "$($kind.Kind).generated.mp4") -Width 1920 -Height 1080 -Duration $Duration).FullName
        $clips[$kind.Name] = if ($Source -eq 'TestMedia') { $generated } else {
            $camera = Join-Path $work "$($kind.Kind).mp4"
            & ffmpeg -hide_banner -loglevel error -nostdin -y -i $generated -c:v libx264 -preset fast -crf 18 -profile:v high -pix_fmt yuv420p -c:a copy $camera
            if ($LASTEXITCODE -ne 0) { throw "ffmpeg could not re-encode $generated." }
            $camera
        }
    }
    Write-Host "Encode bench: $Duration s 1920x1080 clips ($Source sources), ladder $($Quality -join ', '), preset $Preset, $Rounds round(s), $([Environment]::ProcessorCount) cores"

    $results = foreach ($name in $clips.Keys) {
        $clipPath = $clips[$name]
        $single = [System.Collections.Generic.List[object]]::new()
        $perRung = [System.Collections.Generic.List[object]]::new()
        # Both ways without loudness normalization: its audio-only pass would run once for the ladder but once per
        # rung the other way, which measures the sound three times instead of comparing how the picture is encoded.
        for ($round = 1; $round -le $Rounds; $round++) {
            $single.Add((Measure-Encode {
                        Invoke-HlsEncode -LiteralPath $clipPath -OutputPath (Join-Path $work "$name/ladder") -Quality $Quality -Preset $Preset -NoLoudnessNormalization -Force
                    }))
            $perRung.Add((Measure-Encode {
                        foreach ($rung in $Quality) {
                            Invoke-HlsEncode -LiteralPath $clipPath -OutputPath (Join-Path $work "$name/$rung") -Quality $rung -Preset $Preset -NoLoudnessNormalization -Force
                        }
                    }))
        }

        $ladder = $single[-1].Packages[0]
        $singleSeconds = Get-Median $single.Seconds
        $perRungSeconds = Get-Median $perRung.Seconds
        $rungs = foreach ($rendition in $ladder.Renditions) {
            [pscustomobject]@{
                Rung            = $rendition.Name
                Size            = "$($rendition.Width)x$($rendition.Height)"
                'Total kb/s'    = [int][math]::Round($rendition.AverageBandwidth / 1000)
                'Video kb/s'    = [int](Get-VideoBitrate $rendition)
                'Peak kb/s'     = [int][math]::Round($rendition.Bandwidth / 1000)
                SSIM            = (Get-Ssim -Rendition $rendition -Source $clipPath).ToString('0.0000', [cultureinfo]::InvariantCulture)
            }
        }
        [pscustomobject]@{
            Clip                  = $name
            DurationSeconds       = $ladder.Duration.TotalSeconds
            OneProcessSeconds     = [math]::Round($singleSeconds, 2)
            PerRungSeconds        = [math]::Round($perRungSeconds, 2)
            SpeedUp               = [math]::Round($perRungSeconds / $singleSeconds, 3)
            OneProcessRealtime    = [math]::Round($ladder.Duration.TotalSeconds / $singleSeconds, 2)
            PerRungRealtime       = [math]::Round($ladder.Duration.TotalSeconds / $perRungSeconds, 2)
            OneProcessCpuSeconds  = if ($null -ne $single[0].CpuSeconds) { [math]::Round((Get-Median $single.CpuSeconds), 1) } else { $null }
            PerRungCpuSeconds     = if ($null -ne $perRung[0].CpuSeconds) { [math]::Round((Get-Median $perRung.CpuSeconds), 1) } else { $null }
            AllOneProcessSeconds  = @($single.Seconds | ForEach-Object { [math]::Round($_, 2) })
            AllPerRungSeconds     = @($perRung.Seconds | ForEach-Object { [math]::Round($_, 2) })
            Rungs                 = @($rungs)
        }
    }

    foreach ($result in $results) {
        Write-Host ''
        Write-Host ("{0}: one process {1:0.00} s ({2:0.00}x realtime), one per rung {3:0.00} s ({4:0.00}x realtime): speed-up {5:0.00}x (goal {6:0.00}x: {7})" -f
            $result.Clip, $result.OneProcessSeconds, $result.OneProcessRealtime, $result.PerRungSeconds, $result.PerRungRealtime,
            $result.SpeedUp, $GoalSpeedUp, $(if ($result.SpeedUp -ge $GoalSpeedUp) { 'met' } else { 'not met' }))
        if ($null -ne $result.OneProcessCpuSeconds) {
            Write-Host ("  ffmpeg CPU: one process {0:0.0} s, one per rung {1:0.0} s; runs: one process {2}, per rung {3}" -f
                $result.OneProcessCpuSeconds, $result.PerRungCpuSeconds, ($result.AllOneProcessSeconds -join ' / '), ($result.AllPerRungSeconds -join ' / '))
        }
        $result.Rungs | Format-Table -AutoSize | Out-String -Stream | Where-Object { $_ } | ForEach-Object { Write-Host "  $_" }
    }

    $resultsFolder = New-Item -ItemType Directory -Force -Path (Join-Path $RepoRoot 'output/bench')
    $resultsFile = Join-Path $resultsFolder 'Encode.json'
    [pscustomobject]@{
        Date = (Get-Date).ToUniversalTime().ToString('o'); Cores = [Environment]::ProcessorCount; Duration = $Duration
        Source = $Source; Quality = $Quality; Preset = $Preset; Rounds = $Rounds; Results = @($results)
    } | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $resultsFile -Encoding utf8
    Write-Host ''
    Write-Host "Results: $resultsFile"
}
finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction Ignore
}
