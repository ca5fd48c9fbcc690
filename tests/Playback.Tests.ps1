#Requires -Version 7.4
# Interop proof: every package made here is played by two independent players in headless Chromium,
# hls.js (tools/Playback/play.mjs) and Shaka Player (shaka.mjs), and checked by strict parsers
# (validate.mjs: hls-parser in strict mode for every playlist, webvtt-parser for every .vtt). The
# packages: a 10 s lecture with three qualities and -Download, later transcribed (subtitles); a source
# without audio; a source of 1 s.

BeforeAll {
    $script:SavedSettings = @{}
    $script:Work = $null
    . (Join-Path $PSScriptRoot 'common.ps1')

    $script:Player = Join-Path $script:RepoRoot 'tools/Playback/play.mjs'
    foreach ($needed in @(
            @{ Ok = [bool](Get-Command node -CommandType Application -ErrorAction Ignore); What = 'node' }
            @{ Ok = Test-Path -LiteralPath ($env:CHROMIUM_PATH ?? '/usr/bin/chromium'); What = 'chromium' }
            @{ Ok = Test-Path -LiteralPath (Join-Path $script:RepoRoot 'tools/Playback/node_modules/hls.js'); What = 'tools/Playback/node_modules' }
            @{ Ok = Test-Path -LiteralPath (Join-Path $script:RepoRoot 'tools/Playback/node_modules/shaka-player'); What = 'shaka-player in tools/Playback/node_modules' })) {
        if (-not $needed.Ok) { throw "Playback needs $($needed.What): run ./build.ps1 -Task Install." }
    }

    $script:SavedSettings = @{}
    foreach ($name in 'FFMPEG_PATH', 'WHISPER_MODEL_DIR', 'WHISPER_MODEL_PATH') {
        $script:SavedSettings[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
    $script:Work = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "hlsenc-playback-$([guid]::NewGuid().ToString('N').Substring(0, 8))")).FullName
    $newMedia = Join-Path $script:RepoRoot 'tools/TestAssets/New-TestMedia.ps1'
    $clip = & $newMedia -Kind Lecture -Path (Join-Path $script:Work 'lecture.mp4') -Duration 10
    $script:Package = Invoke-HlsEncode -LiteralPath $clip.FullName -OutputPath (Join-Path $script:Work 'lecture') -Quality 720p, 480p, 360p -SegmentDuration 2 -Download
    $silent = & $newMedia -Kind NoAudio -Path (Join-Path $script:Work 'noaudio.mp4') -Duration 6 -Width 640 -Height 360
    $short = & $newMedia -Kind Motion -Path (Join-Path $script:Work 'short.mp4') -Duration 1 -Width 640 -Height 360
    $script:Packages = @{
        NoAudio = Invoke-HlsEncode -LiteralPath $silent.FullName -OutputPath (Join-Path $script:Work 'noaudio') -Quality 360p, 240p -SegmentDuration 2
        OneSecond = Invoke-HlsEncode -LiteralPath $short.FullName -OutputPath (Join-Path $script:Work 'short') -Quality 360p, 240p -SegmentDuration 2
    }

    function Test-StartupNudge {
        <# hls.js anchors a TS timeline at the first video DTS, so B-frames put the first picture a frame
           or two after 0; it may skip that hole at startup. Anything else is a real problem. #>
        param([Parameter(Mandatory)] $PlaybackError)
        $PlaybackError.details -eq 'bufferSeekOverHole' -and -not $PlaybackError.fatal -and
            $PlaybackError.at -lt 1 -and @($PlaybackError.buffered).Count -gt 0 -and $PlaybackError.buffered[0][0] -le 0.1
    }

    function Get-MasterEntry {
        <# master.m3u8's variants and I-frame streams, read here with a regex: what the players must report. #>
        param([Parameter(Mandatory)] [string] $Folder)
        $lines = Get-Content -LiteralPath (Join-Path $Folder 'master.m3u8')
        $attributes = {
            param([string] $List)
            $table = @{}
            foreach ($m in [regex]::Matches($List, '([A-Z0-9-]+)=("[^"]*"|[^,]*)')) { $table[$m.Groups[1].Value] = $m.Groups[2].Value.Trim('"') }
            $table
        }
        $variants = for ($i = 0; $i -lt $lines.Count; $i++) {
            if ($lines[$i] -match '^#EXT-X-STREAM-INF:(.*)$') {
                $a = & $attributes $Matches[1]
                [pscustomobject]@{ Bandwidth = [long] $a.BANDWIDTH; Resolution = $a.RESOLUTION; Codecs = $a.CODECS; Uri = $lines[$i + 1] }
            }
        }
        $iframes = foreach ($line in $lines) {
            if ($line -match '^#EXT-X-I-FRAME-STREAM-INF:(.*)$') {
                $a = & $attributes $Matches[1]
                [pscustomobject]@{ Bandwidth = [long] $a.BANDWIDTH; Resolution = $a.RESOLUTION; Codecs = $a.CODECS; Uri = $a.URI }
            }
        }
        [pscustomobject]@{ Variants = @($variants); IFrames = @($iframes) }
    }

    function Get-ByteRange {
        <# The byte ranges of an I-frame playlist, as the Range headers a player sends for them. #>
        param([Parameter(Mandatory)] [string] $Playlist)
        $offset = 0
        foreach ($line in Get-Content -LiteralPath $Playlist) {
            if ($line -match '^#EXT-X-BYTERANGE:(\d+)(?:@(\d+))?$') {
                $length = [long] $Matches[1]
                if ($Matches[2]) { $offset = [long] $Matches[2] }
                "bytes=$offset-$($offset + $length - 1)"
                $offset += $length
            }
        }
    }

    # hls.js first plays the lecture as encoded (no subtitles yet); then it gets subtitles from a tiny
    # random-weight Whisper model, and every interop check below runs on the transcribed package.
    $script:Report = Invoke-Playback -Folder $script:Package.OutputPath -Seconds 6 -SwitchLevel 0
    $env:WHISPER_MODEL_DIR = Join-Path $script:Work 'models'
    $null = New-TinyWhisperModel -Path (Join-Path $env:WHISPER_MODEL_DIR 'ggml-tiny.bin')
    $null = $script:Package | Invoke-Transcription -ModelName tiny -Language en
    $script:Packages.Lecture = $script:Package
}

AfterAll {
    foreach ($name in $script:SavedSettings.Keys) { [Environment]::SetEnvironmentVariable($name, $script:SavedSettings[$name]) }
    if ($script:Work) { Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction Ignore }
}

Describe 'Playback of an encoded package in Chromium with hls.js' {
    It 'loads every level with the master playlist''s attributes' {
        $script:Report.supported | Should -BeTrue
        $levels = @($script:Report.levels)
        $levels.Count | Should -Be 3
        $levels | ForEach-Object { "$($_.width)x$($_.height)" } | Should -Be @('640x360', '854x480', '1280x720')
        foreach ($level in $levels) {
            $rendition = $script:Package.Renditions | Where-Object Height -EQ $level.height
            $level.bitrate | Should -Be $rendition.Bandwidth
            $level.averageBitrate | Should -Be $rendition.AverageBandwidth
            $level.codecs | Should -Be $rendition.Codecs
        }
    }

    It 'plays several seconds without a fatal or non-fatal error, HTTP error or console error' {
        $script:Report.timedOut | Should -BeFalse
        $script:Report.currentTime | Should -BeGreaterOrEqual 6
        @($script:Report.errors | Where-Object { -not (Test-StartupNudge $_) }) | Should -BeNullOrEmpty
        @($script:Report.httpErrors) | Should -BeNullOrEmpty
        @($script:Report.consoleErrors) | Should -BeNullOrEmpty
    }

    It 'switches to the level it is forced to, and shows its pictures' {
        $script:Report.forcedLevel | Should -Be 0
        $forced = @($script:Report.levelSwitches | Where-Object { $_.level -eq 0 -and $_.at -ge 2.5 })
        $forced.Count | Should -BeGreaterOrEqual 1
        @($script:Report.levelSwitches)[0].level | Should -Not -Be 0 -Because 'playback starts on the 720p variant listed first'
        @($script:Report.fragments | Where-Object { $_.level -eq 0 -and $_.type -eq 'main' }).Count | Should -BeGreaterOrEqual 1
        "$($script:Report.videoSize.width)x$($script:Report.videoSize.height)" | Should -Be '640x360'
    }

    It 'has no text track until transcription adds subtitles' {
        @($script:Report.textTracks) | Should -BeNullOrEmpty
    }

    It 'catches a package with a missing segment (both player checks can fail)' {
        $broken = Join-Path $script:Work 'broken'
        Copy-Item -LiteralPath $script:Package.OutputPath -Destination $broken -Recurse
        Get-ChildItem -LiteralPath $broken -Recurse -Filter 'seg_001.ts' | Remove-Item
        $report = Invoke-Playback -Folder $broken -Seconds 5 -Timeout 8
        @($report.httpErrors).url | Should -Contain '/package/720p/seg_001.ts'
        @($report.errors | Where-Object { -not (Test-StartupNudge $_) }) | Should -Not -BeNullOrEmpty

        # Shaka too: whichever variant it starts on, its second segment is gone (HTTP error 1001).
        $shaka = Invoke-ShakaPlayback -Folder $broken -Seconds 5 -Timeout 15
        @($shaka.httpErrors).url | Should -Match '^/package/\d+p/seg_001\.ts$'
        @($shaka.errors | Where-Object code -EQ 1001).Count | Should -BeGreaterThan 0
    }
}

Describe 'Interop: the <Name> package, played by hls.js and Shaka Player and read by strict parsers' -ForEach @(
    @{ Name = 'Lecture' }, @{ Name = 'NoAudio' }, @{ Name = 'OneSecond' }) {
    BeforeAll {
        $script:Name = $Name
        $script:Made = $script:Packages[$script:Name]
        $script:Folder = $script:Made.OutputPath
        $script:Master = Get-MasterEntry -Folder $script:Folder
        $script:Subtitled = Test-Path -LiteralPath (Join-Path $script:Folder 'subtitles/index.m3u8')
        # Trick play only where the video segments carry no audio: Shaka 5.2 splits muxed TS into audio and
        # video buffers and then also demands AAC from each I-frame byte range (TRANSMUXING_FAILED, 3018).
        $script:HasAudio = @($script:Master.Variants | Where-Object Codecs -Match 'mp4a').Count -gt 0
        $script:Shaka = Invoke-ShakaPlayback -Folder $script:Folder -Seconds 3 -TrickPlay:(-not $script:HasAudio)
        $script:HlsJs = Invoke-Playback -Folder $script:Folder -Seconds 3 -SubtitleTrack ($script:Subtitled ? 0 : $null)
        $script:Validation = Invoke-PackageValidation -Folder $script:Folder
    }

    It 'is a package of the kind this case is about' {
        $script:Master.Variants.Count | Should -Be @($script:Made.Renditions).Count
        $script:Master.IFrames.Count | Should -Be $script:Master.Variants.Count -Because 'every rendition has an I-frame playlist'
        switch ($script:Name) {
            'Lecture' {
                $script:Subtitled | Should -BeTrue
                Test-Path -LiteralPath (Join-Path $script:Folder 'download.mp4') | Should -BeTrue
                $script:HasAudio | Should -BeTrue
            }
            'NoAudio' { $script:HasAudio | Should -BeFalse }
            'OneSecond' { @(Get-ChildItem -LiteralPath (Join-Path $script:Folder $script:Master.Variants[0].Uri.Split('/')[0]) -Filter '*.ts').Count | Should -Be 1 }
        }
    }

    It 'passes the strict parsers: every playlist (hls-parser) and every WebVTT file (webvtt-parser), no error' {
        @($script:Validation.errors | ForEach-Object { "$($_.file):$($_.line) $($_.message)" }) | Should -BeNullOrEmpty
        $onDisk = @(Get-ChildItem -LiteralPath $script:Folder -Recurse -File | Where-Object Extension -In '.m3u8', '.vtt')
        @($script:Validation.files).Count | Should -Be $onDisk.Count -Because 'every playlist and WebVTT file in the package is checked'
        $script:Validation.counts.master | Should -Be 1
        $script:Validation.counts.variant | Should -Be $script:Master.Variants.Count
        $script:Validation.counts.iframe | Should -Be $script:Master.IFrames.Count
        if ($script:Subtitled) {
            $script:Validation.counts.subtitles | Should -Be 1
            $script:Validation.counts.'subtitle-segment' | Should -Be @(Get-ChildItem -LiteralPath (Join-Path $script:Folder 'subtitles') -Filter '*.vtt').Count
            $script:Validation.counts.webvtt | Should -BeGreaterOrEqual 1 -Because 'transcript.vtt is checked too'
        }
        # Every package here has the default storyboard.
        @($script:Validation.files | Where-Object file -EQ 'storyboard/thumbnails.vtt').Count | Should -Be 1
    }

    It 'Shaka lists every variant with the master playlist''s attributes' {
        $script:Shaka.supported | Should -BeTrue
        @($script:Shaka.variants).Count | Should -Be $script:Master.Variants.Count
        foreach ($variant in $script:Master.Variants) {
            $found = @($script:Shaka.variants | Where-Object { "$($_.width)x$($_.height)" -eq $variant.Resolution })
            $found.Count | Should -Be 1 -Because "Shaka should list the $($variant.Resolution) variant once"
            $found[0].bandwidth | Should -Be $variant.Bandwidth
            ($found[0].codecs -replace '\s') | Should -Be $variant.Codecs
        }
    }

    It 'Shaka attaches one I-frame (trick-play) stream to each video rendition and reads its byte ranges' {
        @($script:Shaka.iframeStreams).Count | Should -Be $script:Master.Variants.Count
        foreach ($iframe in $script:Master.IFrames) {
            $found = @($script:Shaka.iframeStreams | Where-Object uri -EQ $iframe.Uri)
            $found.Count | Should -Be 1 -Because "$($iframe.Uri) is named by EXT-X-I-FRAME-STREAM-INF"
            $found[0].error | Should -BeNullOrEmpty
            "$($found[0].width)x$($found[0].height)" | Should -Be $iframe.Resolution
            "$($found[0].forVariant.width)x$($found[0].forVariant.height)" | Should -Be $iframe.Resolution -Because 'each variant scrubs with the I-frames of its own size'
            $found[0].bandwidth | Should -Be $iframe.Bandwidth
            $found[0].codecs | Should -Be $iframe.Codecs
            $ranges = @(Get-ByteRange -Playlist (Join-Path $script:Folder $iframe.Uri))
            $found[0].segments | Should -Be $ranges.Count
            $found[0].byteRanges | Should -Be $ranges.Count
        }
    }

    It 'Shaka plays without an error event, HTTP error or console error' {
        @($script:Shaka.errors | ForEach-Object { "$($_.code) $($_.message) $($_.data -join ' ')" }) | Should -BeNullOrEmpty
        @($script:Shaka.httpErrors) | Should -BeNullOrEmpty
        @($script:Shaka.consoleErrors) | Should -BeNullOrEmpty
        $script:Shaka.timedOut | Should -BeFalse
        if ($script:Shaka.duration -gt 3) { $script:Shaka.currentTime | Should -BeGreaterOrEqual 3 }
        else { $script:Shaka.ended | Should -BeTrue -Because 'a package shorter than 3 s plays to its end' }
        $script:Shaka.videoSize.width | Should -BeGreaterThan 0
    }

    It 'Shaka has a text track with cues exactly when the package has subtitles' {
        if ($script:Subtitled) {
            @($script:Shaka.textTracks).Count | Should -Be 1
            $script:Shaka.textTracks[0].language | Should -Be 'en'
            @($script:Shaka.cues).Count | Should -BeGreaterThan 0
        }
        else {
            @($script:Shaka.textTracks) | Should -BeNullOrEmpty
        }
    }

    It 'Shaka takes the storyboard (storyboard/thumbnails.vtt) as a thumbnails track, with the tile at 0 s' {
        Test-Path -LiteralPath (Join-Path $script:Folder 'storyboard/thumbnails.vtt') | Should -BeTrue
        @($script:Shaka.imageTracks).Count | Should -BeGreaterOrEqual 1
        $script:Shaka.thumbnail | Should -Not -BeNullOrEmpty
        @($script:Shaka.thumbnail.uris)[0] | Should -Match 'storyboard/sheet_0\.jpg'
        $script:Shaka.thumbnail.width | Should -Be 160
        $script:Shaka.thumbnail.startTime | Should -Be 0
    }

    It 'Shaka scrubs by fetching the I-frames of a rendition by byte range (video-only packages)' {
        if ($script:HasAudio) {
            $script:Shaka.trickPlay | Should -BeNullOrEmpty -Because 'trick play is not asked of Shaka for muxed audio (see BeforeAll)'
            return
        }
        $script:Shaka.trickPlay | Should -Not -BeNullOrEmpty
        @($script:Shaka.trickPlay.errors | ForEach-Object { "$($_.code) $($_.message)" }) | Should -BeNullOrEmpty
        $requested = @($script:Shaka.trickPlay.rangedRequests)
        $requested.Count | Should -BeGreaterThan 0
        $rendition = $requested[0].uri -replace '^/package/([^/]+)/.*$', '$1'
        $expected = @(Get-ByteRange -Playlist (Join-Path $script:Folder "$rendition/iframe_index.m3u8"))
        foreach ($request in $requested) {
            $request.uri | Should -Match "^/package/$rendition/seg_\d+\.ts$"
            $request.range | Should -BeIn $expected
        }
        @($script:Shaka.trickPlay.buffered).Count | Should -BeGreaterThan 0 -Because 'the I-frames were transmuxed and appended'
    }

    It 'hls.js plays it too, with its subtitles when it has them' {
        @($script:HlsJs.levels).Count | Should -Be $script:Master.Variants.Count
        @($script:HlsJs.errors | Where-Object { -not (Test-StartupNudge $_) }) | Should -BeNullOrEmpty
        @($script:HlsJs.httpErrors) | Should -BeNullOrEmpty
        $script:HlsJs.timedOut | Should -BeFalse
        if ($script:HlsJs.duration -gt 3) { $script:HlsJs.currentTime | Should -BeGreaterOrEqual 3 } else { $script:HlsJs.ended | Should -BeTrue }
        $subtitles = @($script:HlsJs.textTracks | Where-Object kind -EQ 'subtitles')
        if ($script:Subtitled) { $subtitles.Count | Should -Be 1; $subtitles[0].cues | Should -BeGreaterThan 0 }
        else { $subtitles | Should -BeNullOrEmpty }
    }
}

Describe 'Interop: the strict parsers can fail' {
    It 'catches a corrupted I-frame playlist tag, a malformed byte range and a broken WebVTT timestamp' {
        $broken = Join-Path $script:Work 'broken-tags'
        Copy-Item -LiteralPath $script:Package.OutputPath -Destination $broken -Recurse
        $iframes = Join-Path $broken '720p/iframe_index.m3u8'
        # TARGETDURATION below the rounded EXTINF: only hls-parser's strict mode rejects that.
        (Get-Content -LiteralPath $iframes -Raw) -replace '#EXT-X-TARGETDURATION:2', '#EXT-X-TARGETDURATION:1' | Set-Content -LiteralPath $iframes -NoNewline
        $variant = Join-Path $broken '480p/iframe_index.m3u8'
        (Get-Content -LiteralPath $variant -Raw) -replace '#EXT-X-BYTERANGE:(\d+)@0', '#EXT-X-BYTERANGE:$1@x' | Set-Content -LiteralPath $variant -NoNewline
        $transcript = Join-Path $broken 'transcript.vtt'
        (Get-Content -LiteralPath $transcript -Raw) -replace '(?m)^00:(\d\d:\d\d\.\d\d\d) -->', '00:$1Z -->' | Set-Content -LiteralPath $transcript -NoNewline

        $report = Invoke-PackageValidation -Folder $broken
        $byFile = $report.errors | Group-Object file -AsHashTable -AsString
        $byFile['720p/iframe_index.m3u8'].message | Should -Match 'target duration'
        $byFile['480p/iframe_index.m3u8'].message | Should -Match 'malformed #EXT-X-BYTERANGE'
        $byFile['transcript.vtt'] | Should -Not -BeNullOrEmpty
        $byFile.Keys | Should -Not -Contain '360p/iframe_index.m3u8' -Because 'an untouched playlist stays clean'
    }
}
