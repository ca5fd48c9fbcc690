#Requires -Version 7.4
# An encoded package served over HTTP plays in headless Chromium with hls.js (tools/Playback/play.mjs).

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    $script:Player = Join-Path $script:RepoRoot 'tools/Playback/play.mjs'
    foreach ($needed in @(
            @{ Ok = [bool](Get-Command node -CommandType Application -ErrorAction Ignore); What = 'node' }
            @{ Ok = Test-Path -LiteralPath ($env:CHROMIUM_PATH ?? '/usr/bin/chromium'); What = 'chromium' }
            @{ Ok = Test-Path -LiteralPath (Join-Path $script:RepoRoot 'tools/Playback/node_modules/hls.js'); What = 'tools/Playback/node_modules' })) {
        if (-not $needed.Ok) { throw "Playback needs $($needed.What): run ./build.ps1 -Task Install." }
    }

    $script:SavedFfmpegPath = $env:FFMPEG_PATH
    $env:FFMPEG_PATH = $null
    $script:Work = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "hlsenc-playback-$([guid]::NewGuid().ToString('N').Substring(0, 8))")).FullName
    $clip = & (Join-Path $script:RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Lecture -Path (Join-Path $script:Work 'lecture.mp4') -Duration 10
    $script:Package = Invoke-HlsEncode -LiteralPath $clip.FullName -OutputPath (Join-Path $script:Work 'lecture') -Quality 720p, 480p, 360p -SegmentDuration 2

    function Invoke-Playback {
        <# Plays a package folder and returns play.mjs's report. #>
        param([Parameter(Mandatory)] [string] $Folder, [int] $Seconds = 6, [Nullable[int]] $SwitchLevel, [int] $Timeout = 60)
        $arguments = @($script:Player, '--folder', $Folder, '--seconds', $Seconds, '--timeout', $Timeout)
        if ($null -ne $SwitchLevel) { $arguments += '--switch-level', $SwitchLevel }
        $json = & node @arguments
        if ($LASTEXITCODE -ne 0) { throw "play.mjs could not play $Folder (exit code $LASTEXITCODE)." }
        ($json -join "`n") | ConvertFrom-Json
    }

    function Test-StartupNudge {
        <# hls.js anchors a TS timeline at the first video DTS, so B-frames put the first picture a frame
           or two after 0; it may skip that hole at startup. Anything else is a real problem. #>
        param([Parameter(Mandatory)] $PlaybackError)
        $PlaybackError.details -eq 'bufferSeekOverHole' -and -not $PlaybackError.fatal -and
            $PlaybackError.at -lt 1 -and @($PlaybackError.buffered).Count -gt 0 -and $PlaybackError.buffered[0][0] -le 0.1
    }

    $script:Report = Invoke-Playback -Folder $script:Package.OutputPath -Seconds 6 -SwitchLevel 0
}

AfterAll {
    $env:FFMPEG_PATH = $script:SavedFfmpegPath
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction Ignore
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

    It 'catches a package with a missing segment (the player check can fail)' {
        $broken = Join-Path $script:Work 'broken'
        Copy-Item -LiteralPath $script:Package.OutputPath -Destination $broken -Recurse
        Get-ChildItem -LiteralPath $broken -Recurse -Filter 'seg_001.ts' | Remove-Item
        $report = Invoke-Playback -Folder $broken -Seconds 5 -Timeout 8
        @($report.httpErrors).url | Should -Contain '/package/720p/seg_001.ts'
        @($report.errors | Where-Object { -not (Test-StartupNudge $_) }) | Should -Not -BeNullOrEmpty
    }
}
