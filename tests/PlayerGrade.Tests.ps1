#Requires -Version 7.4
# What a video platform's player and its viewers expect of every package (issue 12), checked on the packages
# of a demo-like lecture, sources of 1 s, 20 s and 20 min (slides with espeak-ng speech and pauses) and a source
# without sound: I-frame playlists whose byte ranges are IDR frames, a poster and a storyboard that covers the
# whole video, readable captions that keep out of silences, even loudness, and downloads of the same length.

# The 20 min source is encoded and checked in every run; transcribing it with the test model takes several
# minutes on two cores, so its captions are checked when HLSENCODER_TEST_LONG=1 (run before each release).

BeforeDiscovery {
    # Name, how the source is made, and the ladder (small rungs keep the 20 min source cheap on two cores).
    $long = $env:HLSENCODER_TEST_LONG -eq '1'
    $script:Sources = @(
        @{ Name = 'demo lecture'; Kind = 'Lecture'; Seconds = 20; Width = 1280; Height = 720; Quality = @('720p', '480p'); Pause = $null; Transcribe = $true }
        @{ Name = '1 s lecture'; Kind = 'Lecture'; Seconds = 1; Width = 640; Height = 360; Quality = @('360p', '240p'); Pause = $null; Transcribe = $true }
        @{ Name = '20 s lecture with pauses'; Kind = 'Lecture'; Seconds = 20; Width = 640; Height = 360; Quality = @('360p', '240p'); Pause = 6; Transcribe = $true
            Text = 'A long video is cut into short segments.' }
        @{ Name = '20 min lecture with pauses'; Kind = 'Lecture'; Seconds = 1200; Width = 640; Height = 360; Quality = @('360p', '240p'); Pause = 6; Transcribe = $long }
        @{ Name = 'video without sound'; Kind = 'NoAudio'; Seconds = 12; Width = 640; Height = 360; Quality = @('360p', '240p'); Pause = $null; Transcribe = $true }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Work = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "hlsenc-playergrade-$([guid]::NewGuid().ToString('N').Substring(0, 8))")).FullName
    $script:Model = (New-TinyWhisperModel -Path (Join-Path $script:Work 'ggml-tiny-test.bin')).FullName
    $script:Packages = @{}

    function Get-Package([hashtable] $Source) {
        <# Makes (once) the source, its package and its transcript, as Publish-HlsVideo would, and returns the package. #>
        if ($script:Packages.ContainsKey($Source.Name)) { return $script:Packages[$Source.Name] }
        $media = @{ Kind = $Source.Kind; Path = (Join-Path $script:Work "$($Source.Name).mp4"); Duration = $Source.Seconds; Width = $Source.Width; Height = $Source.Height }
        if ($null -ne $Source.Pause) { $media.Pause = $Source.Pause }
        if ($Source.ContainsKey('Text')) { $media.Text = $Source.Text }
        $clip = & (Join-Path $script:RepoRoot 'tools/TestAssets/New-TestMedia.ps1') @media
        $package = Invoke-HlsEncode -LiteralPath $clip.FullName -Quality $Source.Quality -Download
        if ($package.HasAudio -and $Source.Transcribe) { $package = $package | Invoke-Transcription -Model $script:Model -Language en }
        $script:Packages[$Source.Name] = $package
        $package
    }

    function Get-Duration([string] $Path) {
        [double](& ffprobe -v error -show_entries format=duration -of csv=p=0 $Path)
    }

    function Read-ByteRange([string] $Playlist) {
        <# The I-frame playlist's entries: segment, offset and length. #>
        $entries = [Collections.Generic.List[object]]::new()
        $offset = 0L
        $lines = Get-Content -LiteralPath $Playlist
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match '^#EXT-X-BYTERANGE:(\d+)(?:@(\d+))?$') {
                $length = [long]$Matches[1]
                if ($Matches[2]) { $offset = [long]$Matches[2] }
                $entries.Add([pscustomobject]@{ Uri = $lines[$i + 1]; Offset = $offset; Length = $length })
                $offset += $length
            }
        }
        $entries
    }

    function Get-SilentStretch([string] $Source, [double] $AtLeast) {
        <# The source's silences of at least -AtLeast seconds, as ffmpeg's silencedetect finds them. #>
        $log = & ffmpeg -hide_banner -nostats -i $Source -map 0:a:0 -af "silencedetect=noise=-40dB:duration=$AtLeast" -f null - 2>&1
        $starts = @($log | Select-String 'silence_start: ([\d.]+)' | ForEach-Object { [double]$_.Matches[0].Groups[1].Value })
        $ends = @($log | Select-String 'silence_end: ([\d.]+)' | ForEach-Object { [double]$_.Matches[0].Groups[1].Value })
        for ($i = 0; $i -lt $starts.Count; $i++) {
            [pscustomobject]@{ Start = $starts[$i]; End = ($i -lt $ends.Count) ? $ends[$i] : (Get-Duration $Source) }
        }
    }

    function Read-Cue([string] $Vtt) {
        <# Each cue's start, end (seconds) and lines. #>
        $text = (Get-Content -LiteralPath $Vtt -Raw) -replace "`r", ''
        foreach ($block in $text -split "`n`n") {
            $lines = @($block -split "`n" | Where-Object { $_ })
            $timing = [array]::FindIndex([string[]]$lines, [Predicate[string]] { param($l) $l -match '-->' })
            if ($timing -lt 0) { continue }
            $null = $lines[$timing] -match '^(?:(\d+):)?(\d\d):(\d\d\.\d{3}) --> (?:(\d+):)?(\d\d):(\d\d\.\d{3})'
            $seconds = { param($h, $m, $s) ([double]("0$h") * 3600) + [double]$m * 60 + [double]$s }
            [pscustomobject]@{
                Start = & $seconds $Matches[1] $Matches[2] $Matches[3]
                End = & $seconds $Matches[4] $Matches[5] $Matches[6]
                Lines = @($lines[($timing + 1)..($lines.Count - 1)] | Where-Object { $timing + 1 -lt $lines.Count })
            }
        }
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction Ignore
}

Describe 'A player-grade package: <Name>' -ForEach $script:Sources {
    BeforeAll {
        $source = $_
        $package = Get-Package $source
    }

    It 'names an I-frame playlist for every video rendition in master.m3u8' {
        $lines = @(Get-Content -LiteralPath $package.MasterPlaylist | Where-Object { $_ -like '#EXT-X-I-FRAME-STREAM-INF:*' })
        $lines.Count | Should -Be $package.Renditions.Count
        foreach ($rendition in $package.Renditions) {
            @($lines | Where-Object { $_ -like "*RESOLUTION=$($rendition.Width)x$($rendition.Height),URI=`"$($rendition.Name)/iframe_index.m3u8`"*" }).Count | Should -Be 1
        }
    }

    It 'points every byte range of every I-frame playlist at an IDR frame' {
        foreach ($iFrames in $package.IFramePlaylists) {
            $folder = Split-Path -Parent $iFrames.PlaylistPath
            $ranges = @(Read-ByteRange $iFrames.PlaylistPath)
            $ranges.Count | Should -Be $iFrames.FrameCount
            # The ranges one after another make a transport stream of their own (each opens with PAT and PMT):
            # ffprobe must find exactly one picture per range, each a key frame coded as I.
            $joined = Join-Path $script:Work "$($source.Name)-$($iFrames.Name)-iframes.ts"
            $stream = [IO.File]::Create($joined)
            try {
                foreach ($range in $ranges) {
                    $bytes = [IO.File]::ReadAllBytes((Join-Path $folder $range.Uri))
                    $stream.Write($bytes, [int]$range.Offset, [int]$range.Length)
                }
            }
            finally { $stream.Dispose() }
            $frames = @(& ffprobe -v error -select_streams v:0 -show_entries frame=key_frame,pict_type -of csv=p=0:nk=1 $joined | Where-Object { $_ })
            $frames.Count | Should -Be $ranges.Count
            @($frames | Where-Object { $_ -notmatch '^1,I' }) | Should -BeNullOrEmpty
        }
    }

    It 'has a poster that is a real picture, and a storyboard whose cues cover the whole video' {
        Test-Path -LiteralPath $package.Poster.Path | Should -BeTrue
        # Mean luma of the poster (16-235): well above black for every source here.
        $luma = & ffmpeg -hide_banner -nostats -i $package.Poster.Path -vf 'signalstats,metadata=print:key=lavfi.signalstats.YAVG' -f null - 2>&1 |
            Select-String 'YAVG=([\d.]+)' | ForEach-Object { [double]$_.Matches[0].Groups[1].Value }
        $luma | Should -BeGreaterThan 40

        $cues = @(Read-Cue $package.Storyboard.VttPath)
        $cues.Count | Should -Be $package.Storyboard.TileCount
        $cues[0].Start | Should -Be 0
        [math]::Abs($cues[-1].End - $package.Duration.TotalSeconds) | Should -BeLessOrEqual 0.001
        for ($i = 1; $i -lt $cues.Count; $i++) { $cues[$i].Start | Should -Be $cues[$i - 1].End }
        foreach ($cue in $cues) {
            $cue.Lines.Count | Should -Be 1
            $cue.Lines[0] | Should -Match '^sheet_\d+\.jpg#xywh=\d+,\d+,\d+,\d+$'
            Test-Path -LiteralPath (Join-Path (Split-Path -Parent $package.Storyboard.VttPath) ($cue.Lines[0] -replace '#.*$')) | Should -BeTrue
        }
        $package.Storyboard.SheetCount | Should -BeLessOrEqual 5
    }

    It 'has its sound''s loudness measured and brought to the target, or none without sound' {
        if ($package.HasAudio) {
            $package.Loudness.Target | Should -Be -16
            $package.Loudness.IntegratedLoudness | Should -BeLessThan 0
        }
        else {
            $package.Loudness | Should -BeNullOrEmpty
        }
    }

    It 'has -Download''s MP4 of the same duration, within 0.1 s' {
        (Get-Duration $package.Downloads.VideoPath) | Should -BeGreaterOrEqual ($package.Duration.TotalSeconds - 0.1)
        (Get-Duration $package.Downloads.VideoPath) | Should -BeLessOrEqual ($package.Duration.TotalSeconds + 0.1)
    }

    It 'passes the strict parsers (hls-parser, webvtt-parser) and plays in hls.js and Shaka Player' {
        $validation = Invoke-PackageValidation -Folder $package.OutputPath
        @($validation.errors | ForEach-Object { "$($_.file):$($_.line) $($_.message)" }) | Should -BeNullOrEmpty
        $validation.counts.iframe | Should -Be $package.Renditions.Count

        $seconds = [math]::Min(2, [math]::Floor($package.Duration.TotalSeconds))
        $hlsjs = Invoke-Playback -Folder $package.OutputPath -Seconds $seconds
        @($hlsjs.errors | Where-Object fatal) | Should -BeNullOrEmpty
        @($hlsjs.httpErrors) | Should -BeNullOrEmpty
        @($hlsjs.levels).Count | Should -Be $package.Renditions.Count
        $shaka = Invoke-ShakaPlayback -Folder $package.OutputPath -Seconds $seconds
        @($shaka.errors | ForEach-Object { "$($_.code) $($_.message)" }) | Should -BeNullOrEmpty
        @($shaka.httpErrors) | Should -BeNullOrEmpty
        @($shaka.variants).Count | Should -Be $package.Renditions.Count
        @($shaka.iframeStreams).Count | Should -Be $package.Renditions.Count
        if ($package.Duration.TotalSeconds -gt $seconds) { $shaka.currentTime | Should -BeGreaterOrEqual $seconds }
    }

    # Discovery sees this source's values: without a transcript (the 20 min source unless asked) there are no captions to check.
    if ($Transcribe) {
        It 'keeps every caption readable and out of every silence of 5 s or more (no transcript without sound)' -Tag Captions {
            if (-not $package.HasAudio) {
                $package.Transcript | Should -BeNullOrEmpty
                $source.Kind | Should -Be 'NoAudio'
                return
            }
            $cues = @(Read-Cue $package.Transcript.VttPath)
            if ($source.Seconds -ge 20) { $cues.Count | Should -BeGreaterThan 0 -Because 'the test model says something over speech' }
            foreach ($cue in $cues) {
                $cue.End - $cue.Start | Should -BeLessOrEqual 7.0005
                foreach ($line in $cue.Lines) { $line.Length | Should -BeLessOrEqual 42 }
                $cue.Lines.Count | Should -BeLessOrEqual 2
            }
            $silences = @(Get-SilentStretch $package.SourcePath -AtLeast 5)
            if ($source.Pause -ge 5) { $silences.Count | Should -BeGreaterThan 0 -Because 'the source pauses for longer than 5 s' }
            foreach ($silence in $silences) {
                # A cue may linger half a second into a pause, or lead into speech; none may stand inside it.
                @($cues | Where-Object { $_.Start -lt $silence.End - 1 -and $_.End -gt $silence.Start + 1 }) | Should -BeNullOrEmpty
            }
        }
    }
}

Describe 'Even loudness: a lecture <Name> lands at -16 LUFS' -ForEach @(
    @{ Name = '10 dB too quiet'; Gain = -10 }
    @{ Name = '6 dB too loud'; Gain = 6 }
) {
    BeforeAll {
        function Measure-Loudness([string] $Path) {
            <# Integrated loudness (LUFS) and true peak (dBTP) of the first audio stream, from ffmpeg's ebur128 summary. #>
            $log = (& ffmpeg -hide_banner -nostats -i $Path -map 0:a:0 -af 'ebur128=peak=true' -f null - 2>&1) -join "`n"
            $summary = $log.Substring($log.LastIndexOf('Summary:'))
            [pscustomobject]@{
                Integrated = [double]([regex]::Match($summary, 'I:\s+(-?[\d.]+) LUFS').Groups[1].Value)
                TruePeak = [double]([regex]::Match($summary, 'Peak:\s+(-?[\d.]+) dBFS').Groups[1].Value)
            }
        }

        # The lecture made $Gain dB off the target, with its picture copied as it is. A loud source is loud the
        # way real ones are, compressed and limited below full scale (a plain gain would clip); that costs
        # loudness, so the gain is corrected from what was measured until the source is about where it should be.
        $lecture = & (Join-Path $script:RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Lecture -Path (Join-Path $script:Work "speech-$Gain.mp4") -Width 426 -Height 240 -Duration 12
        $wanted = -16 + $Gain
        $volume = $wanted - (Measure-Loudness $lecture.FullName).Integrated
        $source = Join-Path $script:Work "lecture $Gain dB.mp4"
        foreach ($attempt in 1..6) {
            $filter = "acompressor=threshold=0.05:ratio=8:attack=5:release=100,volume=$($volume.ToString('0.00', [cultureinfo]::InvariantCulture))dB,alimiter=limit=0.97:level=false"
            & ffmpeg -nostdin -hide_banner -loglevel error -y -i $lecture.FullName -c:v copy -af $filter -c:a aac -b:a 192k $source
            $before = Measure-Loudness $source
            if ([math]::Abs($wanted - $before.Integrated) -lt 0.5) { break }
            $volume += $wanted - $before.Integrated
        }
        $package = Invoke-HlsEncode -LiteralPath $source -Quality 240p -NoPoster -NoStoryboard -NoIFramePlaylist
        $after = Measure-Loudness $package.Renditions[0].PlaylistPath
    }

    It 'starts <Name>' {
        $before.Integrated - -16 | Should -BeGreaterOrEqual ($Gain - 1)
        $before.Integrated - -16 | Should -BeLessOrEqual ($Gain + 1)
    }

    It 'lands within 1 LU of -16 LUFS, with true peaks at most -1 dBTP (ebur128 on the output)' {
        $after.Integrated | Should -BeGreaterOrEqual -17
        $after.Integrated | Should -BeLessOrEqual -15
        $after.TruePeak | Should -BeLessOrEqual -1
    }

    It 'keeps what it measured on the package' {
        $package.Loudness.IntegratedLoudness | Should -BeGreaterOrEqual ($before.Integrated - 0.5)
        $package.Loudness.IntegratedLoudness | Should -BeLessOrEqual ($before.Integrated + 0.5)
        $package.Loudness.Target | Should -Be -16
    }
}
