#Requires -Version 7.4
# Invoke-HlsEncode as a user drives it: the staged module, the real ffmpeg, clips from New-TestMedia.ps1.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # Settings come from parameters only here: no FFMPEG_PATH or .env of the machine running the tests.
    $script:SavedSettings = @{ FFMPEG_PATH = $env:FFMPEG_PATH; HLSENCODER_ENV_FILE = $env:HLSENCODER_ENV_FILE }
    $env:FFMPEG_PATH = $null
    $env:HLSENCODER_ENV_FILE = $null

    $script:Work = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "hlsenc-pester-$([guid]::NewGuid().ToString('N').Substring(0, 8))")).FullName
    Push-Location -LiteralPath $script:Work
    $newMedia = Join-Path $script:RepoRoot 'tools/TestAssets/New-TestMedia.ps1'
    $sources = New-Item -ItemType Directory -Path (Join-Path $script:Work 'sources')
    $script:Clip = @{
        Motion1080 = (& $newMedia -Kind Motion -Path "$sources/motion1080.mp4" -Width 1920 -Height 1080 -Duration 6).FullName
        Lecture720 = (& $newMedia -Kind Lecture -Path "$sources/lecture720.mp4" -Duration 12).FullName
        Portrait   = (& $newMedia -Kind Portrait -Path "$sources/portrait.mp4" -Width 540 -Height 960 -Duration 3).FullName
        Rotated    = (& $newMedia -Kind Rotated -Path "$sources/rotated.mp4" -Duration 3).FullName
        NoAudio    = (& $newMedia -Kind NoAudio -Path "$sources/noaudio.mp4" -Width 640 -Height 360 -Duration 3).FullName
        Vfr        = (& $newMedia -Kind Vfr -Path "$sources/vfr.mp4" -Width 640 -Height 360 -Duration 4).FullName
        Long       = (& $newMedia -Kind Motion -Path "$sources/long.mp4" -Width 1280 -Height 720 -Duration 30).FullName
        Speech     = (& $newMedia -Kind Speech -Path "$sources/speech.wav" -Duration 2).FullName
    }

    function Invoke-FFprobe {
        param([Parameter(Mandatory)] [string[]] $Arguments)
        $output = & ffprobe -v error @Arguments
        if ($LASTEXITCODE -ne 0) { throw "ffprobe $Arguments failed with $LASTEXITCODE" }
        $output
    }

    function Get-KeyframeTime {
        param([Parameter(Mandatory)] [string] $Playlist)
        Invoke-FFprobe '-select_streams', 'v:0', '-skip_frame', 'nokey', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', $Playlist |
            Where-Object { $_ } | ForEach-Object { [double]($_.TrimEnd(',')) }
    }

    function Get-FrameTime {
        param([Parameter(Mandatory)] [string] $Media)
        Invoke-FFprobe '-select_streams', 'v:0', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', $Media |
            Where-Object { $_ } | ForEach-Object { [double]($_.TrimEnd(',')) }
    }

    function Get-StreamInfo {
        param([Parameter(Mandatory)] [string] $Media)
        (Invoke-FFprobe '-show_streams', '-of', 'json', $Media | ConvertFrom-Json).streams
    }

    function Get-SegmentDuration {
        param([Parameter(Mandatory)] [string] $Playlist)
        Get-Content -LiteralPath $Playlist | Where-Object { $_ -like '#EXTINF:*' } |
            ForEach-Object { [double]($_ -replace '^#EXTINF:([0-9.]+),.*$', '$1') }
    }

    function Read-MasterVariant {
        <# Each #EXT-X-STREAM-INF of a master playlist as an object: its attributes and the URI after it. #>
        param([Parameter(Mandatory)] [string] $MasterPlaylist)
        $lines = Get-Content -LiteralPath $MasterPlaylist
        for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -notlike '#EXT-X-STREAM-INF:*') { continue }
            $attributes = [ordered]@{}
            foreach ($match in [regex]::Matches($lines[$i].Substring(18), '([A-Z0-9-]+)=("[^"]*"|[^,]*)')) {
                $attributes[$match.Groups[1].Value] = $match.Groups[2].Value.Trim('"')
            }
            $attributes['URI'] = $lines[$i + 1]
            [pscustomobject]$attributes
        }
    }

    function Get-PackageFile {
        param([Parameter(Mandatory)] [string] $Folder)
        Get-ChildItem -LiteralPath $Folder -Recurse -File -Force |
            ForEach-Object { [IO.Path]::GetRelativePath($Folder, $_.FullName).Replace('\', '/') } | Sort-Object
    }

    function Get-FfmpegCommandLine {
        Get-Process -Name ffmpeg -ErrorAction Ignore | ForEach-Object { $_.CommandLine }
    }
}

AfterAll {
    Pop-Location
    foreach ($name in $script:SavedSettings.Keys) { [Environment]::SetEnvironmentVariable($name, $script:SavedSettings[$name]) }
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction Ignore
}

Describe 'Invoke-HlsEncode' {
    Context 'a 1080p source with the default ladder' {
        BeforeAll {
            $script:Out = Join-Path $script:Work 'packages/motion'
            $script:Package = Invoke-HlsEncode -LiteralPath $script:Clip.Motion1080 -OutputPath $script:Out -SegmentDuration 2
        }

        It 'writes master.m3u8, each quality''s playlists and segments, the poster and the storyboard, and nothing else' {
            Get-PackageFile $script:Out | Should -Be @(
                '.hlsencoder-package.json'
                '1080p/iframe_index.m3u8', '1080p/index.m3u8', '1080p/seg_000.ts', '1080p/seg_001.ts', '1080p/seg_002.ts'
                '480p/iframe_index.m3u8', '480p/index.m3u8', '480p/seg_000.ts', '480p/seg_001.ts', '480p/seg_002.ts'
                '720p/iframe_index.m3u8', '720p/index.m3u8', '720p/seg_000.ts', '720p/seg_001.ts', '720p/seg_002.ts'
                'master.m3u8'
                'poster.jpg'
                'storyboard/sheet_0.jpg', 'storyboard/thumbnails.vtt'
            )
            Get-ChildItem -LiteralPath (Split-Path $script:Out) -Force | ForEach-Object Name | Should -Be @('motion')
        }

        It 'returns one HlsPackage that describes the package, highest quality first' {
            @($script:Package).Count | Should -Be 1
            $script:Package.GetType().FullName | Should -Be 'HlsEncoder.Packaging.HlsPackage'
            $script:Package.SourcePath | Should -Be $script:Clip.Motion1080
            $script:Package.OutputPath | Should -Be $script:Out
            $script:Package.MasterPlaylist | Should -Be (Join-Path $script:Out 'master.m3u8')
            $script:Package.Qualities | Should -Be @('1080p', '720p', '480p')
            $script:Package.Renditions.Name | Should -Be @('1080p', '720p', '480p')
            $script:Package.Renditions.PlaylistPath | Should -Be @('1080p', '720p', '480p' | ForEach-Object { Join-Path $script:Out "$_/index.m3u8" })
            $script:Package.Renditions.SegmentCount | Should -Be @(3, 3, 3)
            $script:Package.Duration.TotalSeconds | Should -BeGreaterOrEqual 5.9
            $script:Package.Duration.TotalSeconds | Should -BeLessOrEqual 6.1
            $script:Package.SegmentDuration | Should -Be ([timespan]::FromSeconds(2))
            $script:Package.HasAudio | Should -BeTrue
            $script:Package.Transcript | Should -BeNullOrEmpty
            $script:Package.IFramePlaylists.PlaylistPath | Should -Be @('1080p', '720p', '480p' | ForEach-Object { Join-Path $script:Out "$_/iframe_index.m3u8" })
            $script:Package.Downloads | Should -BeNullOrEmpty -Because 'downloads are opt-in'
        }

        It 'names each quality''s I-frame playlist in master.m3u8, with its size and codec' {
            $lines = @(Get-Content -LiteralPath $script:Package.MasterPlaylist | Where-Object { $_ -like '#EXT-X-I-FRAME-STREAM-INF:*' })
            $lines.Count | Should -Be 3
            foreach ($rendition in $script:Package.Renditions) {
                $line = $lines | Where-Object { $_ -like "*URI=`"$($rendition.Name)/iframe_index.m3u8`"*" }
                $line | Should -Match "RESOLUTION=$($rendition.Width)x$($rendition.Height)"
                $line | Should -Match "CODECS=`"$([regex]::Escape($rendition.Codecs.Split(',')[0]))`""
            }
        }

        It 'has no property that would bind with another meaning into the next commands' {
            $names = $script:Package.PSObject.Properties.Name
            foreach ($forbidden in 'Path', 'Name', 'CourseId', 'Language') { $names | Should -Not -Contain $forbidden }
        }

        It 'puts IDR frames at the same instants in every quality, every 2 seconds' {
            $times = foreach ($rendition in $script:Package.Renditions) { , @(Get-KeyframeTime $rendition.PlaylistPath) }
            $times[0].Count | Should -Be 3
            ($times[1] -join ',') | Should -Be ($times[0] -join ',')
            ($times[2] -join ',') | Should -Be ($times[0] -join ',')
            (1..2 | ForEach-Object { [math]::Round($times[0][$_] - $times[0][$_ - 1], 3) }) | Should -Be @(2, 2)
        }

        It 'cuts segments at the target duration and ends each playlist' {
            foreach ($rendition in $script:Package.Renditions) {
                Get-SegmentDuration $rendition.PlaylistPath | ForEach-Object { $_ | Should -BeGreaterOrEqual 1.95; $_ | Should -BeLessOrEqual 2.05 }
                Get-Content -LiteralPath $rendition.PlaylistPath | Select-Object -Last 1 | Should -Be '#EXT-X-ENDLIST'
                Get-Content -LiteralPath $rendition.PlaylistPath | Should -Contain '#EXT-X-PLAYLIST-TYPE:VOD'
            }
        }

        It 'writes master attributes that agree with ffprobe and with the segment files' {
            $master = Get-Content -LiteralPath $script:Package.MasterPlaylist
            $master[0] | Should -Be '#EXTM3U'
            $master | Should -Contain '#EXT-X-INDEPENDENT-SEGMENTS'
            $variants = @(Read-MasterVariant $script:Package.MasterPlaylist)
            $variants.Count | Should -Be 3
            foreach ($variant in $variants) {
                $folder = Join-Path $script:Out (Split-Path $variant.URI)
                $streams = Get-StreamInfo (Join-Path $folder 'seg_000.ts')
                $video = $streams | Where-Object codec_type -EQ 'video'
                $audio = $streams | Where-Object codec_type -EQ 'audio'
                $variant.RESOLUTION | Should -Be "$($video.width)x$($video.height)"
                $video.profile | Should -Be 'High'
                $variant.CODECS | Should -Be ('avc1.6400{0:x2},mp4a.40.2' -f [int]$video.level)
                $audio.profile | Should -Be 'LC'
                $audio.sample_rate | Should -Be '48000'
                $num, $den = $video.avg_frame_rate -split '/'
                [double]$variant.'FRAME-RATE' | Should -Be ([math]::Round([double]$num / [double]$den, 3))

                $bytes = (Get-ChildItem -LiteralPath $folder -Filter 'seg_*.ts' | Measure-Object -Property Length -Sum).Sum
                $seconds = (Get-SegmentDuration (Join-Path $folder 'index.m3u8') | Measure-Object -Sum).Sum
                [long]$variant.'AVERAGE-BANDWIDTH' | Should -Be ([long][math]::Ceiling($bytes * 8 / $seconds))
                [long]$variant.BANDWIDTH | Should -BeGreaterOrEqual ([long]$variant.'AVERAGE-BANDWIDTH')

                $rendition = $script:Package.Renditions | Where-Object Name -EQ (Split-Path $variant.URI)
                $rendition.Bandwidth | Should -Be ([long]$variant.BANDWIDTH)
                $rendition.Codecs | Should -Be $variant.CODECS
            }
        }

        It 'lists the 720p variant first, where players start, then the others from the highest' {
            (Read-MasterVariant $script:Package.MasterPlaylist).URI | Should -Be @('720p/index.m3u8', '1080p/index.m3u8', '480p/index.m3u8')
        }

        It 'keeps bit rates under the ceilings of Apple''s table' {
            $ceilings = @{ '1080p' = 6000000; '720p' = 3000000; '480p' = 1500000 }
            foreach ($rendition in $script:Package.Renditions) {
                # The VBV ceiling caps the video; audio and MPEG-TS overhead come on top.
                $rendition.AverageBandwidth | Should -BeLessThan ($ceilings[$rendition.Name] + 250000)
            }
        }

        It 'shows packages and renditions as readable tables' {
            $table = $script:Package | Format-Table | Out-String
            $table | Should -Match 'Source\s+Duration\s+Qualities\s+Audio'
            $table | Should -Match 'motion1080\.mp4\s+00:00:06\s+1080p, 720p, 480p\s+yes'
            $script:Package.Renditions | Format-Table | Out-String | Should -Match '1080p\s+1920x1080\s+[\d,]+\s+[\d,]+\s+30'
        }
    }

    Context 'a 720p lecture with the defaults' {
        BeforeAll {
            $script:LectureOut = Join-Path $script:Work 'packages/lecture'
            $script:LectureRun = Invoke-HlsEncode -LiteralPath $script:Clip.Lecture720 -OutputPath $script:LectureOut -Verbose 4>&1
            $script:Lecture = $script:LectureRun | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        }

        It 'drops 1080p instead of upscaling, and says so' {
            $script:Lecture.Qualities | Should -Be @('720p', '480p')
            $script:Lecture.Renditions | ForEach-Object { "$($_.Width)x$($_.Height)" } | Should -Be @('1280x720', '854x480')
            $script:LectureRun | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message |
                Should -Contain '1080p dropped: the source is 1280x720 and is never upscaled.'
        }

        It 'cuts 6 second segments' {
            Get-SegmentDuration $script:Lecture.Renditions[0].PlaylistPath | Should -Be @(6, 6)
        }

        It 'spends few bytes on slides' {
            $script:Lecture.Renditions[0].AverageBandwidth | Should -BeLessThan 400000
        }

        It 'skips a video that is already encoded with the same settings, and says so' {
            $before = (Get-Content -LiteralPath (Join-Path $script:LectureOut '.hlsencoder-package.json') | ConvertFrom-Json).createdAt
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            $again = Invoke-HlsEncode -LiteralPath $script:Clip.Lecture720 -OutputPath $script:LectureOut -Verbose 4>&1
            $watch.Stop()
            $package = $again | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
            $package.Qualities | Should -Be @('720p', '480p')
            $skipped = @($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message |
                Where-Object { $_ -match '^Skipped .*lecture720\.mp4: .* is already encoded from it with the same settings' })
            $skipped.Count | Should -Be 1
            (Get-Content -LiteralPath (Join-Path $script:LectureOut '.hlsencoder-package.json') | ConvertFrom-Json).createdAt | Should -Be $before
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 2
        }

        It 're-encodes with -Force, and refuses other settings without it' {
            { Invoke-HlsEncode -LiteralPath $script:Clip.Lecture720 -OutputPath $script:LectureOut -Quality 480p -ErrorAction Stop } |
                Should -Throw -ErrorId 'PackageExists,HlsEncoder.Module.Commands.InvokeHlsEncodeCommand'
            $before = (Get-Content -LiteralPath (Join-Path $script:LectureOut '.hlsencoder-package.json') | ConvertFrom-Json).createdAt
            $package = Invoke-HlsEncode -LiteralPath $script:Clip.Lecture720 -OutputPath $script:LectureOut -Quality 480p -Force
            $package.Qualities | Should -Be @('480p')
            Get-ChildItem -LiteralPath $script:LectureOut -Directory | ForEach-Object Name | Should -Be @('480p', 'storyboard')
            (Get-Content -LiteralPath (Join-Path $script:LectureOut '.hlsencoder-package.json') | ConvertFrom-Json).createdAt | Should -Not -Be $before
        }
    }

    Context 'sources of every shape' {
        It 'measures the sound and normalizes it to -16 LUFS, says so, and -NoLoudnessNormalization leaves it alone' {
            $out = Join-Path $script:Work 'packages/loudness'
            $first = Invoke-HlsEncode -LiteralPath $script:Clip.Lecture720 -OutputPath $out -Quality 240p -Verbose 4>&1
            $package = $first | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
            $said = @($first | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message | Where-Object { $_ -like 'Loudness: *' })
            $said[0] | Should -Match '^Loudness: -\d+\.\d LUFS, LRA \d+\.\d LU, true peak -?\d+\.\d dBTP; normalizing to -16 LUFS \([+-]\d+\.\d dB\)'
            $package.Loudness.Target | Should -Be -16
            $package.Loudness.IntegratedLoudness | Should -BeGreaterThan -50
            # The plain gain to the target, unless limiting the peaks cost loudness that a second line says was given back.
            $plainGain = [math]::Round(-16 - $package.Loudness.IntegratedLoudness, 1)
            if ($package.Loudness.Gain -eq $plainGain) { $said.Count | Should -Be 1 }
            else {
                $said.Count | Should -BeGreaterThan 1
                $said[-1] | Should -Match "^Loudness: with its peaks limited the sound measures -\d+\.\d LUFS; setting the gain to \+?$($package.Loudness.Gain.ToString('0.0', [cultureinfo]::InvariantCulture)) dB"
                $package.Loudness.Gain | Should -BeGreaterThan $plainGain
                $package.Loudness.TruePeakCeiling | Should -Not -BeNullOrEmpty
            }
            (Get-Content -LiteralPath (Join-Path $out '.hlsencoder-package.json') | ConvertFrom-Json).loudness.gain | Should -Be $package.Loudness.Gain

            { Invoke-HlsEncode -LiteralPath $script:Clip.Lecture720 -OutputPath $out -Quality 240p -NoLoudnessNormalization -ErrorAction Stop } |
                Should -Throw -ErrorId 'PackageExists,HlsEncoder.Module.Commands.InvokeHlsEncodeCommand'
            $plain = Invoke-HlsEncode -LiteralPath $script:Clip.Lecture720 -OutputPath $out -Quality 240p -NoLoudnessNormalization -Force
            $plain.Loudness | Should -BeNullOrEmpty
            (Get-Content -LiteralPath (Join-Path $out '.hlsencoder-package.json') | ConvertFrom-Json).PSObject.Properties.Name | Should -Not -Contain 'loudness'
            (Invoke-HlsEncode -LiteralPath $script:Clip.NoAudio -OutputPath (Join-Path $script:Work 'packages/loudness-nosound') -Quality 240p).Loudness | Should -BeNullOrEmpty
        }

        It 'encodes a portrait video at its short side, keeping the aspect ratio' {
            $package = Invoke-HlsEncode -LiteralPath $script:Clip.Portrait -OutputPath (Join-Path $script:Work 'packages/portrait')
            $package.Qualities | Should -Be @('480p')
            $package.Renditions[0].Width, $package.Renditions[0].Height | Should -Be @(480, 854)
            (Read-MasterVariant $package.MasterPlaylist).RESOLUTION | Should -Be '480x854'
        }

        It 'honours rotation metadata and writes upright pictures without it' {
            $source = Get-StreamInfo $script:Clip.Rotated | Where-Object codec_type -EQ 'video'
            "$($source.width)x$($source.height)" | Should -Be '1280x720'
            $package = Invoke-HlsEncode -LiteralPath $script:Clip.Rotated -OutputPath (Join-Path $script:Work 'packages/rotated')
            $package.Renditions | ForEach-Object { "$($_.Name) $($_.Width)x$($_.Height)" } | Should -Be @('720p 720x1280', '480p 480x854')
            $video = Get-StreamInfo (Join-Path $package.OutputPath '720p/seg_000.ts') | Where-Object codec_type -EQ 'video'
            "$($video.width)x$($video.height)" | Should -Be '720x1280'
            $video.PSObject.Properties.Name | Should -Not -Contain 'side_data_list'
        }

        It 'gives video-only renditions for a source without audio, at its own size when it is below every rung' {
            $package = Invoke-HlsEncode -LiteralPath $script:Clip.NoAudio -OutputPath (Join-Path $script:Work 'packages/noaudio')
            $package.Qualities | Should -Be @('360p')
            $package.HasAudio | Should -BeFalse
            $package.Renditions[0].Codecs | Should -Match '^avc1\.6400[0-9a-f]{2}$'
            (Read-MasterVariant $package.MasterPlaylist).CODECS | Should -Be $package.Renditions[0].Codecs
            (Get-StreamInfo (Join-Path $package.OutputPath '360p/seg_000.ts')).codec_type | Should -Be @('video')
        }

        It 'turns a variable frame rate into a constant one' {
            $sourceSteps = @(Get-FrameTime $script:Clip.Vfr | ForEach-Object -Begin { $last = $null } -Process {
                    if ($null -ne $last) { [math]::Round($_ - $last, 3) }; $last = $_ } | Sort-Object -Unique)
            $sourceSteps.Count | Should -BeGreaterThan 1 -Because 'the source must really be variable'

            $package = Invoke-HlsEncode -LiteralPath $script:Clip.Vfr -OutputPath (Join-Path $script:Work 'packages/vfr')
            $times = @(Get-FrameTime $package.Renditions[0].PlaylistPath)
            $steps = for ($i = 1; $i -lt $times.Count; $i++) { [math]::Round($times[$i] - $times[$i - 1], 3) }
            $steps | Sort-Object -Unique | Should -Be @(0.033)
            $times.Count | Should -BeGreaterOrEqual 115
            $package.Renditions[0].FrameRate | Should -Be 30
        }

        It 'encodes a 3 second clip into one segment per quality' {
            $package = Invoke-HlsEncode -LiteralPath $script:Clip.Portrait -OutputPath (Join-Path $script:Work 'packages/short')
            $package.Renditions.SegmentCount | Should -Be @(1)
            $package.Duration.TotalSeconds | Should -BeGreaterOrEqual 2.9
            $package.Duration.TotalSeconds | Should -BeLessOrEqual 3.1
        }
    }

    Context 'poster and storyboard' {
        BeforeAll {
            $script:Pictures = Invoke-HlsEncode -LiteralPath $script:Clip.NoAudio -OutputPath (Join-Path $script:Work 'packages/pictures') -Verbose 4>&1
            $script:WithPictures = $script:Pictures | Where-Object { $_.GetType().FullName -eq 'HlsEncoder.Packaging.HlsPackage' }
        }

        It 'writes poster.jpg at the top quality''s size and a storyboard whose cues cover the video, and says how long each took' {
            $package = $script:WithPictures
            $package.Poster.Path | Should -Be (Join-Path $package.OutputPath 'poster.jpg')
            "$($package.Poster)" | Should -Be $package.Poster.Path
            Invoke-FFprobe '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', $package.Poster.Path | Should -Be 'mjpeg,640,360'
            $package.Storyboard.VttPath | Should -Be (Join-Path $package.OutputPath 'storyboard/thumbnails.vtt')
            $package.Storyboard.TileCount | Should -Be 2
            $package.Storyboard.SheetCount | Should -Be 1
            $vtt = Get-Content -LiteralPath $package.Storyboard.VttPath
            $vtt[0] | Should -Be 'WEBVTT'
            $vtt | Where-Object { $_ -like '*-->*' } | Should -Be @('00:00:00.000 --> 00:00:02.000', ('00:00:02.000 --> 00:00:0{0:0.000}' -f $package.Duration.TotalSeconds))
            $vtt | Where-Object { $_ -like 'sheet_*' } | Should -Be @('sheet_0.jpg#xywh=0,0,160,90', 'sheet_0.jpg#xywh=160,0,160,90')
            Invoke-FFprobe '-show_entries', 'stream=width,height', '-of', 'csv=p=0', $package.Storyboard.SheetPaths[0] | Should -Be '320,90'
            $verbose = $script:Pictures | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
            @($script:WithPictures).Count | Should -Be 1
            @($verbose | Where-Object { $_ -like 'Wrote poster.jpg (640x360, the frame at * s: the first of 10 %, 25 %, 50 % that is neither near-black nor flat) in * s.' }).Count | Should -Be 1
            @($verbose | Where-Object { $_ -like 'Wrote storyboard/thumbnails.vtt: 2 tiles of 160x90, one every 2 s, in 1 sheet of 2x1, made in * s.' }).Count | Should -Be 1
        }

        It 'leaves them out with -NoPoster and -NoStoryboard, and adds them in place later without encoding again' {
            $out = Join-Path $script:Work 'packages/no-pictures'
            $package = Invoke-HlsEncode -LiteralPath $script:Clip.NoAudio -OutputPath $out -NoPoster -NoStoryboard
            $package.Poster | Should -BeNullOrEmpty
            $package.Storyboard | Should -BeNullOrEmpty
            Test-Path -LiteralPath (Join-Path $out 'poster.jpg') | Should -BeFalse
            Test-Path -LiteralPath (Join-Path $out 'storyboard') | Should -BeFalse
            $segment = Get-Item -LiteralPath (Join-Path $out '360p/seg_000.ts')

            $again = Invoke-HlsEncode -LiteralPath $script:Clip.NoAudio -OutputPath $out -PosterTime 1.5
            $again.Poster.Time | Should -Be ([timespan]::FromSeconds(1.5))
            Test-Path -LiteralPath $again.Storyboard.VttPath | Should -BeTrue
            (Get-Item -LiteralPath $segment.FullName).LastWriteTimeUtc | Should -Be $segment.LastWriteTimeUtc
        }

        It 'refuses a -PosterTime outside the video, naming the rule' {
            { Invoke-HlsEncode -LiteralPath $script:Clip.NoAudio -OutputPath (Join-Path $script:Work 'packages/late') -PosterTime 99 -ErrorAction Stop } |
                Should -Throw '*-PosterTime must lie inside the video: from 0 to less than its duration (3 s); got 99 s.*'
            { Invoke-HlsEncode -LiteralPath $script:Clip.NoAudio -PosterTime -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,HlsEncoder.Module.Commands.InvokeHlsEncodeCommand'
            Test-Path -LiteralPath (Join-Path $script:Work 'packages/late') | Should -BeFalse
        }
    }

    Context 'input from the pipeline and the provider' {
        BeforeAll {
            $script:Batch = (New-Item -ItemType Directory -Path (Join-Path $script:Work 'batch')).FullName
            Copy-Item -LiteralPath $script:Clip.NoAudio -Destination (Join-Path $script:Batch 'a.mp4')
            Copy-Item -LiteralPath $script:Clip.NoAudio -Destination (Join-Path $script:Batch 'b [1].mp4')
            $script:BatchOut = Join-Path $script:Work 'batch-packages'
        }

        It 'encodes files piped from Get-ChildItem, each into the folder a script block names' {
            $packages = Get-ChildItem -LiteralPath $script:Batch -Filter *.mp4 |
                Invoke-HlsEncode -OutputPath { Join-Path $script:BatchOut $_.BaseName } -Quality 360p
            $packages.OutputPath | Should -Be @((Join-Path $script:BatchOut 'a'), (Join-Path $script:BatchOut 'b [1]'))
            Test-Path -LiteralPath (Join-Path $script:BatchOut 'b [1]/master.m3u8') | Should -BeTrue
        }

        It 'expands wildcards in -Path and takes -LiteralPath as it is' {
            Push-Location -LiteralPath $script:Batch
            try {
                $wild = @(Invoke-HlsEncode -Path 'a*.mp4' -Quality 360p)
                $literal = @(Invoke-HlsEncode -LiteralPath 'b [1].mp4' -Quality 360p)
                $none = @(Invoke-HlsEncode -Path 'nothing-*.mp4')
            }
            finally { Pop-Location }
            $wild.SourcePath | Should -Be @(Join-Path $script:Batch 'a.mp4')
            $wild.OutputPath | Should -Be @(Join-Path $script:Batch 'a')
            $literal.SourcePath | Should -Be @(Join-Path $script:Batch 'b [1].mp4')
            $none.Count | Should -Be 0
        }

        It 'takes Path and OutputPath from the columns of a CSV file' {
            $csv = Join-Path $script:Work 'lessons.csv'
            @(
                [pscustomobject]@{ Path = Join-Path $script:Batch 'a.mp4'; OutputPath = Join-Path $script:Work 'csv/first' }
                [pscustomobject]@{ Path = Join-Path $script:Batch 'b `[1`].mp4'; OutputPath = Join-Path $script:Work 'csv/second' }
            ) | Export-Csv -LiteralPath $csv
            $packages = Import-Csv -LiteralPath $csv | Invoke-HlsEncode -Quality 240p
            $packages.OutputPath | Should -Be @((Join-Path $script:Work 'csv/first'), (Join-Path $script:Work 'csv/second'))
            $packages.SourcePath | Should -Be @((Join-Path $script:Batch 'a.mp4'), (Join-Path $script:Batch 'b [1].mp4'))
        }

        It 'refuses to encode two videos into one folder in one run' {
            $single = Join-Path $script:Work 'single'
            $packages = Get-ChildItem -LiteralPath $script:Batch -Filter *.mp4 |
                Invoke-HlsEncode -OutputPath $single -Quality 360p -ErrorVariable conflict -ErrorAction SilentlyContinue
            @($packages).Count | Should -Be 1
            $conflict.FullyQualifiedErrorId | Should -Be @('OutputPathConflict,HlsEncoder.Module.Commands.InvokeHlsEncodeCommand')
            $conflict[0].TargetObject | Should -Be (Join-Path $script:Batch 'b [1].mp4')
        }

        It 'writes nothing with -WhatIf' {
            $whatIf = Join-Path $script:Work 'whatif'
            $result = Invoke-HlsEncode -LiteralPath $script:Clip.NoAudio -OutputPath $whatIf -WhatIf
            $result | Should -BeNullOrEmpty
            Test-Path -LiteralPath $whatIf | Should -BeFalse
            Get-ChildItem -LiteralPath $script:Work -Force -Filter '.whatif*' | Should -BeNullOrEmpty
        }
    }

    Context 'bad input' {
        BeforeAll {
            $script:Bad = (New-Item -ItemType Directory -Path (Join-Path $script:Work 'bad')).FullName
            $script:Empty = (New-Item -ItemType File -Path (Join-Path $script:Bad 'empty.mp4')).FullName
            $script:Text = Join-Path $script:Bad 'notes.mp4'
            Set-Content -LiteralPath $script:Text -Value 'not a video'
            $script:Good = Join-Path $script:Bad 'good.mp4'
            Copy-Item -LiteralPath $script:Clip.NoAudio -Destination $script:Good
        }

        It 'reports each bad item with a stable ErrorId and still encodes the others' {
            $missing = Join-Path $script:Bad 'missing.mp4'
            $packages = $missing, $script:Good, $script:Empty, $script:Bad, $script:Text, $script:Clip.Speech |
                Invoke-HlsEncode -OutputPath { Join-Path $script:Work "bad-out/$([IO.Path]::GetFileNameWithoutExtension($_))" } -ErrorVariable failures -ErrorAction SilentlyContinue
            @($packages).SourcePath | Should -Be @($script:Good)
            $failures | ForEach-Object { '{0} {1} {2}' -f $_.FullyQualifiedErrorId.Split(',')[0], $_.CategoryInfo.Category, $_.TargetObject } | Should -Be @(
                "SourceNotFound ObjectNotFound $missing"
                "SourceEmpty InvalidData $script:Empty"
                "SourceIsDirectory InvalidArgument $script:Bad"
                "SourceNotVideo InvalidData $script:Text"
                "NoVideoStream InvalidData $($script:Clip.Speech)"
            )
            $failures[0].Exception.Message | Should -Be "The source video $missing does not exist. Check the path."
        }

        It 'reports a missing ffmpeg for each item, from -FfmpegPath or FFMPEG_PATH' {
            $nowhere = Join-Path $script:Bad 'no-ffmpeg'
            $script:Good, $script:Clip.Portrait |
                Invoke-HlsEncode -OutputPath { Join-Path $script:Work "x-$([guid]::NewGuid())" } -FfmpegPath $nowhere -ErrorVariable byParameter -ErrorAction SilentlyContinue
            $env:FFMPEG_PATH = $nowhere
            try { Invoke-HlsEncode -LiteralPath $script:Good -OutputPath (Join-Path $script:Work 'x-env') -ErrorVariable byEnvironment -ErrorAction SilentlyContinue }
            finally { $env:FFMPEG_PATH = $null }
            $byParameter.FullyQualifiedErrorId | Should -Be (@('FfmpegNotFound,HlsEncoder.Module.Commands.InvokeHlsEncodeCommand') * 2)
            $byEnvironment.FullyQualifiedErrorId | Should -Be @('FfmpegNotFound,HlsEncoder.Module.Commands.InvokeHlsEncodeCommand')
            $byEnvironment[0].Exception.Message | Should -BeLike "FFMPEG_PATH names $nowhere, which does not exist.*"
        }

        It 'stops at the first bad item with -ErrorAction Stop, as scripts expect' {
            { Invoke-HlsEncode -LiteralPath $script:Empty, $script:Good -ErrorAction Stop } | Should -Throw -ErrorId 'SourceEmpty,HlsEncoder.Module.Commands.InvokeHlsEncodeCommand'
        }

        It 'refuses an unknown quality, preset or segment duration before encoding anything' {
            { Invoke-HlsEncode -LiteralPath $script:Good -Quality 4k } | Should -Throw -ErrorId 'ParameterArgumentValidationError,HlsEncoder.Module.Commands.InvokeHlsEncodeCommand'
            { Invoke-HlsEncode -LiteralPath $script:Good -Preset ultrafast } | Should -Throw '*Constrained Baseline*'
            { Invoke-HlsEncode -LiteralPath $script:Good -SegmentDuration 2.5 } | Should -Throw '*whole number of seconds*'
        }

        It 'never replaces a folder that is not a package, even with -Force' {
            $documents = (New-Item -ItemType Directory -Path (Join-Path $script:Work 'documents')).FullName
            Set-Content -LiteralPath (Join-Path $documents 'thesis.txt') -Value 'precious'
            Invoke-HlsEncode -LiteralPath $script:Good -OutputPath $documents -Force -ErrorVariable inUse -ErrorAction SilentlyContinue
            $inUse.FullyQualifiedErrorId | Should -Be @('OutputFolderInUse,HlsEncoder.Module.Commands.InvokeHlsEncodeCommand')
            Get-Content -LiteralPath (Join-Path $documents 'thesis.txt') | Should -Be 'precious'
        }
    }

    Context 'progress and Ctrl+C' {
        It 'writes progress with percent, speed and time left, and completes it' {
            $ps = [PowerShell]::Create()
            try {
                $null = $ps.AddCommand('Import-Module').AddArgument($script:ModuleManifest).AddStatement().
                    AddCommand('Invoke-HlsEncode').AddParameter('LiteralPath', $script:Clip.Vfr).
                    AddParameter('OutputPath', (Join-Path $script:Work 'progress')).AddParameter('Quality', '240p')
                $result = $ps.Invoke()
                $result.Count | Should -Be 1
                $records = @($ps.Streams.Progress)
            }
            finally { $ps.Dispose() }
            $running = @($records | Where-Object { $_.ActivityId -eq 2 -and $_.RecordType -eq 'Processing' -and $_.PercentComplete -gt 0 })
            $running.Count | Should -BeGreaterThan 0
            $running | ForEach-Object { $_.ParentActivityId | Should -Be 1 }
            # The loudness pass comes first, in the first percents of the same bar, and names itself.
            $measuring = @($records | Where-Object { $_.ActivityId -eq 2 -and $_.StatusDescription -like 'measuring loudness: *' })
            $measuring.Count | Should -BeGreaterThan 0
            $measuring | ForEach-Object { $_.StatusDescription | Should -Match '^measuring loudness: \d%(, [\d.]+x realtime)?$' }
            $encoding = @($running | Where-Object StatusDescription -NotLike 'measuring loudness: *')
            $encoding.Count | Should -BeGreaterThan 0
            $encoding.StatusDescription | Should -Match '^\d+%, [\d.]+x realtime, \d\d:\d\d:\d\d left$'
            $running | Where-Object SecondsRemaining -GE 0 | Should -Not -BeNullOrEmpty
            $records | Where-Object { $_.ActivityId -eq 2 -and $_.RecordType -eq 'Completed' } | Should -Not -BeNullOrEmpty
            $records | Where-Object { $_.ActivityId -eq 1 -and $_.RecordType -eq 'Completed' } | Should -Not -BeNullOrEmpty
        }

        It 'stops ffmpeg within a second and leaves no package, no partial folder and no process' {
            $out = Join-Path $script:Work 'stopped/long'
            $ps = [PowerShell]::Create()
            $subscription = Register-ObjectEvent -InputObject $ps.Streams.Progress -EventName DataAdded -SourceIdentifier 'HlsEncodeProgress'
            try {
                $null = $ps.AddCommand('Import-Module').AddArgument($script:ModuleManifest).AddStatement().
                    AddCommand('Invoke-HlsEncode').AddParameter('LiteralPath', $script:Clip.Long).AddParameter('OutputPath', $out)
                $async = $ps.BeginInvoke()
                # Wait for the encoding ffmpeg's own progress (past 0 %, after the loudness pass): it is then running.
                $encoding = $false
                while (-not $encoding) {
                    $event = Wait-Event -SourceIdentifier 'HlsEncodeProgress' -Timeout 60
                    if (-not $event) { throw 'No progress within 60 s.' }
                    Remove-Event -EventIdentifier $event.EventIdentifier
                    $encoding = @($ps.Streams.Progress | Where-Object { $_.ActivityId -eq 2 -and $_.PercentComplete -gt 0 -and $_.StatusDescription -notlike 'measuring loudness: *' }).Count -gt 0
                }
                Test-Path -LiteralPath (Split-Path $out) | Should -BeTrue
                @(Get-ChildItem -LiteralPath (Split-Path $out) -Force -Filter '*.hlsencoder-partial').Count | Should -Be 1
                Get-FfmpegCommandLine | Where-Object { $_ -like "*$($script:Clip.Long)*" } | Should -Not -BeNullOrEmpty

                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $watch.Stop()

                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 1.5
                Test-Path -LiteralPath $out | Should -BeFalse
                Get-ChildItem -LiteralPath (Split-Path $out) -Force | Should -BeNullOrEmpty
                Get-FfmpegCommandLine | Where-Object { $_ -like "*$($script:Clip.Long)*" } | Should -BeNullOrEmpty
            }
            finally {
                Unregister-Event -SourceIdentifier 'HlsEncodeProgress' -ErrorAction Ignore
                Get-Event -SourceIdentifier 'HlsEncodeProgress' -ErrorAction Ignore | Remove-Event
                # Never close a runspace under a batch that is still winding down: that kills the whole process.
                if ($async) { $null = $async.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(30)) }
                $ps.Dispose()
            }
        }
    }

    Context 'the command' {
        It 'declares HlsPackage as its output and has help with examples' {
            (Get-Command Invoke-HlsEncode).OutputType.Name | Should -Be @('HlsEncoder.Packaging.HlsPackage')
            $help = Get-Help Invoke-HlsEncode -Full
            @($help.examples.example).Count | Should -BeGreaterOrEqual 3
            ($help.parameters.parameter | Where-Object name -EQ 'Quality').description.Text | Should -Match '2160p'
        }

        It 'completes -Quality with the ladder''s rungs' {
            $line = 'Invoke-HlsEncode x.mp4 -Quality 7'
            $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
            $completion.CompletionMatches.CompletionText | Should -Be @('720p')
        }
    }
}
