#Requires -Version 7.4
# Invoke-Transcription as a user drives it: the staged module, real ffmpeg and real Whisper.net with the
# project's tiny random-weight model (it transcribes nonsense: assert structure and timing, not words).

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # Settings come from what each test sets: none of the machine's own.
    $script:SettingNames = 'FFMPEG_PATH', 'WHISPER_MODEL_PATH', 'WHISPER_MODEL_DIR', 'WHISPER_MODEL_BASE_URL', 'DEFAULT_LANGUAGE', 'HLSENCODER_ENV_FILE'
    $script:SavedSettings = @{}
    foreach ($name in $script:SettingNames) {
        $script:SavedSettings[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }

    $script:Work = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "hlsenc-transcribe-$([guid]::NewGuid().ToString('N').Substring(0, 8))")).FullName
    Push-Location -LiteralPath $script:Work

    # The model cache holds the tiny model as 'tiny', so -ModelName tiny finds it.
    $env:WHISPER_MODEL_DIR = Join-Path $script:Work 'models'
    $script:Model = Join-Path $env:WHISPER_MODEL_DIR 'ggml-tiny.bin'
    $assets = Join-Path $script:RepoRoot 'tools/TestAssets/TestAssets.csproj'
    $made = & dotnet run --project $assets -c Release -- tiny-model $script:Model 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Could not make the tiny Whisper model: $made" }

    $newMedia = Join-Path $script:RepoRoot 'tools/TestAssets/New-TestMedia.ps1'
    $sources = New-Item -ItemType Directory -Path (Join-Path $script:Work 'sources')
    $script:Clip = @{
        Lecture = (& $newMedia -Kind Lecture -Path "$sources/lecture.mp4" -Width 640 -Height 360 -Duration 10).FullName
        Speech  = (& $newMedia -Kind Speech -Path "$sources/speech.wav" -Duration 8).FullName
        Speech2 = (& $newMedia -Kind Speech -Path "$sources/speech [2].wav" -Duration 4 -Text 'A second recording.').FullName
        Silence = (& $newMedia -Kind Silence -Path "$sources/silence.mp4" -Width 320 -Height 180 -Duration 3).FullName
        NoAudio = (& $newMedia -Kind NoAudio -Path "$sources/noaudio.mp4" -Width 320 -Height 180 -Duration 2).FullName
        Long    = (& $newMedia -Kind Speech -Path "$sources/long.wav" -Duration 90).FullName
    }

    $script:Package = Invoke-HlsEncode -LiteralPath $script:Clip.Lecture -OutputPath (Join-Path $script:Work 'lecture') -Quality 360p, 240p -SegmentDuration 2

    function Get-FolderEntry {
        param([Parameter(Mandatory)] [string] $Folder)
        Get-ChildItem -LiteralPath $Folder -Force | ForEach-Object Name | Sort-Object
    }

    function Read-SrtCue {
        <# Parses SRT strictly: numbered from 1, HH:MM:SS,mmm timing lines, one blank line after each cue; throws on anything else. #>
        param([Parameter(Mandatory)] [string] $Path)
        $text = [IO.File]::ReadAllText($Path)
        if ($text.Length -eq 0) { return }
        if (-not $text.EndsWith("`n`n")) { throw "$Path does not end with a blank line." }
        $number = 0
        foreach ($block in $text.Substring(0, $text.Length - 2).Split("`n`n")) {
            $lines = $block.Split("`n")
            $number++
            if ($lines[0] -ne "$number") { throw "Cue $number is numbered '$($lines[0])'." }
            if ($lines[1] -notmatch '^(\d{2}):([0-5]\d):([0-5]\d),(\d{3}) --> (\d{2}):([0-5]\d):([0-5]\d),(\d{3})$') { throw "Bad timing line '$($lines[1])'." }
            if ($lines.Count -lt 3 -or ($lines[2..($lines.Count - 1)] | Where-Object { -not $_.Trim() })) { throw "Cue $number has no text." }
            [pscustomobject]@{
                Start = [timespan]::new(0, [int]$Matches[1], [int]$Matches[2], [int]$Matches[3], [int]$Matches[4]).TotalSeconds
                End   = [timespan]::new(0, [int]$Matches[5], [int]$Matches[6], [int]$Matches[7], [int]$Matches[8]).TotalSeconds
                Text  = $lines[2..($lines.Count - 1)] -join "`n"
            }
        }
    }

    function Read-VttFile {
        <# Parses WebVTT strictly: the WEBVTT line, header lines, then cues with HH:MM:SS.mmm timing lines. #>
        param([Parameter(Mandatory)] [string] $Path)
        $blocks = [IO.File]::ReadAllText($Path).Split("`n`n")
        $header = $blocks[0].Split("`n")
        if ($header[0] -ne 'WEBVTT') { throw "$Path does not start with WEBVTT." }
        $cues = foreach ($block in $blocks | Select-Object -Skip 1 | Where-Object { $_ }) {
            $lines = $block.TrimEnd("`n").Split("`n")
            if ($lines[0] -notmatch '^(\d{2}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2}):([0-5]\d):([0-5]\d)\.(\d{3})$') { throw "Bad timing line '$($lines[0])'." }
            [pscustomobject]@{
                Start = [timespan]::new(0, [int]$Matches[1], [int]$Matches[2], [int]$Matches[3], [int]$Matches[4]).TotalSeconds
                End   = [timespan]::new(0, [int]$Matches[5], [int]$Matches[6], [int]$Matches[7], [int]$Matches[8]).TotalSeconds
                Text  = $lines[1..($lines.Count - 1)] -join "`n"
            }
        }
        [pscustomobject]@{ Header = @($header | Select-Object -Skip 1 | Where-Object { $_ }); Cues = @($cues) }
    }

    function Assert-Timeline {
        <# Cues in order, none overlapping the one before, none empty, none past the media. #>
        param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Cue, [Parameter(Mandatory)] [double] $Duration)
        $previousEnd = 0
        foreach ($c in $Cue) {
            $c.Start | Should -BeGreaterOrEqual $previousEnd
            $c.End | Should -BeGreaterThan $c.Start
            $c.End | Should -BeLessOrEqual ([math]::Round($Duration, 3))
            $previousEnd = $c.End
        }
    }

    function Get-TranscriptFile {
        param([Parameter(Mandatory)] [string] $Folder)
        Get-ChildItem -LiteralPath $Folder -Force -Recurse -File | Where-Object Name -Like 'transcript.*' | ForEach-Object Name | Sort-Object
    }
}

AfterAll {
    Pop-Location
    foreach ($name in $script:SettingNames) { [Environment]::SetEnvironmentVariable($name, $script:SavedSettings[$name]) }
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction Ignore
}

Describe 'Invoke-Transcription' {
    Context 'a package piped from Invoke-HlsEncode' {
        BeforeAll {
            $script:Transcribed = $script:Package | Invoke-Transcription -ModelName tiny -Language en
            $script:Folder = $script:Package.OutputPath
            $script:Json = Get-Content -LiteralPath (Join-Path $script:Folder 'transcript.json') -Raw | ConvertFrom-Json
        }

        It 'passes the package on with its Transcript attached' {
            @($script:Transcribed).Count | Should -Be 1
            $script:Transcribed.PSTypeNames[0] | Should -Be 'HlsEncoder.Packaging.HlsPackage'
            $script:Transcribed.OutputPath | Should -Be $script:Folder
            $transcript = $script:Transcribed.Transcript
            $transcript.PSTypeNames[0] | Should -Be 'HlsEncoder.Packaging.Transcript'
            $transcript.Language | Should -Be 'en'
            $transcript.Model | Should -Be 'tiny'
            $transcript.SegmentCount | Should -Be @($script:Json.segments).Count
            $transcript.Duration.TotalSeconds | Should -BeGreaterOrEqual 9.9
            $transcript.Duration.TotalSeconds | Should -BeLessOrEqual 10.2
            $transcript.SrtPath | Should -Be (Join-Path $script:Folder 'transcript.srt')
            $transcript.SubtitlePlaylistPath | Should -Be (Join-Path $script:Folder 'subtitles/index.m3u8')
        }

        It 'writes the four transcript files and the subtitles rendition into the package, and nothing partial' {
            Get-FolderEntry $script:Folder | Should -Be @(
                '.hlsencoder-package.json', '.hlsencoder-transcript.json', '240p', '360p', 'master.m3u8', 'poster.jpg', 'storyboard',
                'subtitles', 'transcript.json', 'transcript.srt', 'transcript.txt', 'transcript.vtt')
            $video = @(Get-Content -LiteralPath (Join-Path $script:Folder '360p/index.m3u8') | Where-Object { $_ -like '#EXTINF:*' })
            $subtitles = @(Get-Content -LiteralPath (Join-Path $script:Folder 'subtitles/index.m3u8'))
            ($subtitles | Where-Object { $_ -like '#EXTINF:*' }) | Should -Be $video
            $subtitles | Should -Contain '#EXT-X-ENDLIST'
            $subtitles | Where-Object { $_ -like '*.vtt' } | Should -Be (0..($video.Count - 1) | ForEach-Object { 'seg_{0:000}.vtt' -f $_ })
        }

        It 'declares the subtitles group in master.m3u8 and refers to it from every variant' {
            $master = Get-Content -LiteralPath $script:Package.MasterPlaylist
            $master | Where-Object { $_ -like '#EXT-X-MEDIA:*' } |
                Should -Be '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,LANGUAGE="en",URI="subtitles/index.m3u8"'
            $variants = @($master | Where-Object { $_ -like '#EXT-X-STREAM-INF:*' })
            $variants.Count | Should -Be 2
            $variants | ForEach-Object { $_ | Should -BeLike '*,SUBTITLES="subs"' }
        }

        It 'maps cue time zero onto the MPEG-TS timestamp of the first video frame in every VTT segment' {
            $firstPts = (& ffprobe -v error -select_streams v:0 -show_entries stream=start_pts -of csv=p=0 (Join-Path $script:Folder '360p/seg_000.ts') | Select-Object -First 1).Trim()
            [long]$firstPts | Should -BeGreaterThan 0
            foreach ($segment in Get-ChildItem -LiteralPath (Join-Path $script:Folder 'subtitles') -Filter '*.vtt') {
                (Read-VttFile $segment.FullName).Header | Should -Be "X-TIMESTAMP-MAP=MPEGTS:$firstPts,LOCAL:00:00:00.000"
            }
        }

        It 'writes SRT, WebVTT, text and JSON that agree with each other and stay within the media' {
            $srt = @(Read-SrtCue (Join-Path $script:Folder 'transcript.srt'))
            $vtt = (Read-VttFile (Join-Path $script:Folder 'transcript.vtt')).Cues
            $srt.Count | Should -BeGreaterThan 0
            Assert-Timeline -Cue $srt -Duration $script:Json.duration
            ($vtt | ForEach-Object { "$($_.Start)-$($_.End)" }) | Should -Be ($srt | ForEach-Object { "$($_.Start)-$($_.End)" })
            @(Get-Content -LiteralPath (Join-Path $script:Folder 'transcript.txt')).Count | Should -Be $srt.Count
            $script:Json.language | Should -Be 'en'
            $script:Json.model | Should -Be 'tiny'
            $script:Json.segments.start | Should -Be $srt.Start
            $script:Json.segments.end | Should -Be $srt.End
            $script:Json.segments | ForEach-Object { $_.confidence | Should -BeGreaterOrEqual 0; $_.confidence | Should -BeLessOrEqual 1 }
        }

        It 'reuses the transcript for the same settings and says so, unless -Force' {
            $written = (Get-Item -LiteralPath (Join-Path $script:Folder 'transcript.json')).LastWriteTimeUtc
            $again = $script:Package | Invoke-Transcription -ModelName tiny -Language en -Verbose 4>&1
            $verbose = @($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
            ($verbose.Message -join "`n") | Should -BeLike "*already holds its transcript with the same model and language. Add -Force*"
            (Get-Item -LiteralPath (Join-Path $script:Folder 'transcript.json')).LastWriteTimeUtc | Should -Be $written
            @($again | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Transcript.SegmentCount | Should -Be $script:Json.segments.Count

            $forced = $script:Package | Invoke-Transcription -ModelName tiny -Language en -Force -Verbose 4>&1
            ($forced | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Replacing the transcript in $($script:Folder) (-Force)."
        }

        It 'shows its subtitles in Chromium with hls.js: a text track whose cues sit where the transcript says' {
            $player = Join-Path $script:RepoRoot 'tools/Playback/play.mjs'
            if (-not (Test-Path -LiteralPath (Join-Path $script:RepoRoot 'tools/Playback/node_modules/hls.js'))) { throw 'Playback needs tools/Playback/node_modules: run ./build.ps1 -Task Install.' }
            $report = (& node $player --folder $script:Folder --seconds 6 --timeout 60 --subtitle-track 0) -join "`n" | ConvertFrom-Json
            $LASTEXITCODE | Should -Be 0
            $report.timedOut | Should -BeFalse
            @($report.httpErrors) | Should -BeNullOrEmpty
            @($report.subtitleTracks).Count | Should -Be 1
            $report.subtitleTracks[0].lang | Should -Be 'en'
            $track = @($report.textTracks | Where-Object kind -EQ 'subtitles')
            $track.Count | Should -Be 1
            $track[0].label | Should -Be 'English'
            $track[0].cues | Should -Be @($script:Json.segments).Count
            $report.firstVideoTime | Should -BeGreaterOrEqual 0
            for ($i = 0; $i -lt $track[0].cues; $i++) {
                $cue = $track[0].cueList[$i]
                $segment = $script:Json.segments[$i]
                [math]::Abs($cue.start - ($segment.start + $report.firstVideoTime)) | Should -BeLessThan 0.002
                [math]::Abs($cue.end - ($segment.end + $report.firstVideoTime)) | Should -BeLessThan 0.002
                $cue.text | Should -Be $segment.text
            }
        }
    }

    Context 'files given by -Path or -LiteralPath' {
        It 'transcribes a wav into -OutputPath and returns a Transcript' {
            $out = Join-Path $script:Work 'speech'
            $transcript = Invoke-Transcription -Path $script:Clip.Speech -OutputPath $out -ModelName tiny -Language en

            $transcript.PSTypeNames[0] | Should -Be 'HlsEncoder.Packaging.Transcript'
            $transcript.SourcePath | Should -Be $script:Clip.Speech
            $transcript.SubtitlePlaylistPath | Should -BeNullOrEmpty
            Get-FolderEntry $out | Should -Be '.hlsencoder-transcript.json', 'transcript.json', 'transcript.srt', 'transcript.txt', 'transcript.vtt'
            $cues = @(Read-SrtCue $transcript.SrtPath)
            $cues.Count | Should -Be $transcript.SegmentCount
            Assert-Timeline -Cue $cues -Duration $transcript.Duration.TotalSeconds
            [IO.File]::ReadAllBytes($transcript.JsonPath)[0] | Should -Be ([byte][char]'{') -Because 'UTF-8 without a byte order mark'
            ($transcript | Format-Table | Out-String) | Should -Match 'speech\.wav\s+en\s+tiny'
        }

        It 'takes files from Get-ChildItem by PSPath, with -OutputPath per file from a script block' {
            $out = Join-Path $script:Work 'batch'
            $transcripts = Get-ChildItem -LiteralPath (Split-Path $script:Clip.Speech) -Filter '*.wav' |
                Where-Object Name -NE 'long.wav' |
                Invoke-Transcription -OutputPath { Join-Path $out $_.BaseName } -ModelName tiny -Language en

            @($transcripts).Count | Should -Be 2
            Get-FolderEntry $out | Should -Be 'speech', 'speech [2]'
            Get-TranscriptFile (Join-Path $out 'speech [2]') | Should -Be 'transcript.json', 'transcript.srt', 'transcript.txt', 'transcript.vtt'
        }

        It 'binds Path, OutputPath and Language from CSV columns' {
            $csv = Join-Path $script:Work 'recordings.csv'
            [pscustomobject]@{ Path = $script:Clip.Speech; OutputPath = (Join-Path $script:Work 'csv-fr'); Language = 'fr' } | Export-Csv -LiteralPath $csv

            $transcript = Import-Csv -LiteralPath $csv | Invoke-Transcription -ModelName tiny

            $transcript.Language | Should -Be 'fr'
            (Get-Content -LiteralPath (Join-Path $script:Work 'csv-fr/transcript.json') -Raw | ConvertFrom-Json).language | Should -Be 'fr'
        }

        It 'gives a silent track empty but valid files' {
            $transcript = Invoke-Transcription -LiteralPath $script:Clip.Silence -OutputPath (Join-Path $script:Work 'silence') -ModelName tiny -Language en

            $transcript.SegmentCount | Should -Be 0
            [IO.File]::ReadAllText($transcript.SrtPath) | Should -BeExactly ''
            [IO.File]::ReadAllText($transcript.VttPath) | Should -BeExactly "WEBVTT`n"
            [IO.File]::ReadAllText($transcript.TxtPath) | Should -BeExactly ''
            $json = Get-Content -LiteralPath $transcript.JsonPath -Raw | ConvertFrom-Json
            @($json.segments).Count | Should -Be 0
            $json.duration | Should -BeGreaterThan 2.9
        }

        It 'detects the language with -Language auto, and takes DEFAULT_LANGUAGE when none is given' {
            $auto = Invoke-Transcription -LiteralPath $script:Clip.Speech -OutputPath (Join-Path $script:Work 'auto') -ModelName tiny -Language auto -Verbose 4>&1
            $transcript = $auto | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
            $transcript.Language | Should -BeIn 'en', 'es', 'fr', 'de', 'ar', 'hi'
            ($auto | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message |
                Where-Object { $_ -like "Detected the language $($transcript.Language) (*" } | Should -Not -BeNullOrEmpty
            (Get-Content -LiteralPath $transcript.JsonPath -Raw | ConvertFrom-Json).language | Should -Be $transcript.Language

            $env:DEFAULT_LANGUAGE = 'de'
            try { (Invoke-Transcription -LiteralPath $script:Clip.Speech -OutputPath (Join-Path $script:Work 'default') -ModelName tiny).Language | Should -Be 'de' }
            finally { $env:DEFAULT_LANGUAGE = $null }
        }

        It 'reports a file without audio as its own error and still transcribes the others' {
            $out = Join-Path $script:Work 'mixed'
            $results = $script:Clip.NoAudio, $script:Clip.Speech |
                Invoke-Transcription -OutputPath { Join-Path $out ([IO.Path]::GetFileNameWithoutExtension($_)) } -ModelName tiny -Language en -ErrorVariable failures -ErrorAction SilentlyContinue

            @($failures).Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'NoAudioStream,HlsEncoder.Module.Commands.InvokeTranscriptionCommand'
            $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $failures[0].TargetObject | Should -Be $script:Clip.NoAudio
            $failures[0].Exception.Message | Should -BeLike '*has no audio stream*'
            @($results).Count | Should -Be 1
            $results.SourcePath | Should -Be $script:Clip.Speech
            Test-Path -LiteralPath (Join-Path $out 'noaudio') | Should -BeFalse
        }

        It 'does nothing with -WhatIf' {
            $out = Join-Path $script:Work 'whatif'
            Invoke-Transcription -LiteralPath $script:Clip.Speech -OutputPath $out -ModelName tiny -WhatIf | Should -BeNullOrEmpty
            Test-Path -LiteralPath $out | Should -BeFalse
        }
    }

    Context 'speech, six seconds of silence, speech' {
        BeforeAll {
            # Real espeak-ng speech either side of 6 s of digital silence, as a lecture with a long pause.
            $parts = Join-Path $script:Work 'gap-parts'
            $null = New-Item -ItemType Directory -Path $parts -Force
            & espeak-ng -w "$parts/first.wav" 'Welcome to the lecture on adaptive streaming. Today we look at how a long video is cut into short segments, and why every segment is encoded at several bit rates for the viewers at home and on the train.'
            & espeak-ng -w "$parts/second.wav" 'After the pause, the player measures the network and picks the best rendition it can fetch in time.'
            $script:GapStart = [double](& ffprobe -v error -show_entries format=duration -of csv=p=0 "$parts/first.wav")
            $script:Gap = "$parts/gap.wav"
            & ffmpeg -nostdin -hide_banner -loglevel error -y -i "$parts/first.wav" -f lavfi -t 6 -i 'anullsrc=r=22050:cl=mono' -i "$parts/second.wav" `
                -filter_complex '[0:a][1:a][2:a]concat=n=3:v=0:a=1[a]' -map '[a]' -ar 16000 -ac 1 -c:a pcm_s16le $script:Gap
            if ($LASTEXITCODE -ne 0) { throw 'Could not make the speech with a silence.' }
            # The middle of the silence: a cue may stay half a second after its last word and Whisper hears 0.4 s of the silence either side.
            $script:Silent = @{ From = $script:GapStart + 1; To = $script:GapStart + 5 }
            $script:GapOut = Join-Path $script:Work 'gap'
            $script:GapTranscript = Invoke-Transcription -LiteralPath $script:Gap -OutputPath $script:GapOut -ModelName tiny -Language en
            $script:GapJson = Get-Content -LiteralPath $script:GapTranscript.JsonPath -Raw | ConvertFrom-Json
        }

        It 'spares Whisper the silence and shows no cue over it' {
            $script:GapTranscript.SkippedSilence.TotalSeconds | Should -BeGreaterThan 4.8
            $script:GapTranscript.SkippedSilence.TotalSeconds | Should -BeLessOrEqual 6
            $cues = @(Read-SrtCue $script:GapTranscript.SrtPath)
            $cues.Count | Should -BeGreaterThan 0
            Assert-Timeline -Cue $cues -Duration $script:GapTranscript.Duration.TotalSeconds
            foreach ($cue in $cues) {
                ($cue.End -le $script:Silent.From -or $cue.Start -ge $script:Silent.To) | Should -BeTrue -Because "cue $($cue.Start)-$($cue.End) must not lie in the silence $($script:Silent.From)-$($script:Silent.To)"
            }
        }

        It 'writes cues of at most two lines of 42 characters, lasting at most 7 seconds' {
            foreach ($cue in @(Read-SrtCue $script:GapTranscript.SrtPath) + @((Read-VttFile $script:GapTranscript.VttPath).Cues)) {
                $lines = $cue.Text.Split("`n")
                $lines.Count | Should -BeLessOrEqual 2
                $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 42 -Because "'$_' is a caption line" }
                ($cue.End - $cue.Start) | Should -BeLessOrEqual 7
            }
        }

        It 'keeps every word with its time in transcript.json, inside its cue and outside the silence' {
            $segments = @($script:GapJson.segments)
            $segments.Count | Should -Be $script:GapTranscript.SegmentCount
            $words = @($segments | ForEach-Object { $_.words })
            $words.Count | Should -BeGreaterThan 0
            foreach ($segment in $segments) {
                @($segment.words).Count | Should -BeGreaterThan 0
                foreach ($word in $segment.words) {
                    $word.word | Should -Not -BeNullOrEmpty
                    $word.end | Should -BeGreaterOrEqual $word.start
                    $word.start | Should -BeGreaterOrEqual ($segment.start - 0.5)
                    ($word.end -le $script:Silent.From -or $word.start -ge $script:Silent.To) | Should -BeTrue -Because "'$($word.word)' $($word.start)-$($word.end) must not lie in the silence"
                }
            }
        }

        It 'transcribes again with another -Prompt, and reuses the transcript made with the same one' {
            $prompted = Invoke-Transcription -LiteralPath $script:Gap -OutputPath $script:GapOut -ModelName tiny -Language en -Prompt 'HLS, WebVTT, Dr. Nakamura' -Verbose 4>&1
            ($prompted | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message |
                Should -Contain "Replacing the transcript in $($script:GapOut): it was made without -Prompt."
            $state = Get-Content -LiteralPath (Join-Path $script:GapOut '.hlsencoder-transcript.json') -Raw | ConvertFrom-Json
            $state.prompt | Should -BeExactly 'HLS, WebVTT, Dr. Nakamura'

            $same = Invoke-Transcription -LiteralPath $script:Gap -OutputPath $script:GapOut -ModelName tiny -Language en -Prompt 'HLS, WebVTT, Dr. Nakamura' -Verbose 4>&1
            ($same | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -BeLike '*already holds its transcript*'

            $other = Invoke-Transcription -LiteralPath $script:Gap -OutputPath $script:GapOut -ModelName tiny -Language en -Prompt 'HLS, CMAF' -Verbose 4>&1
            ($other | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message |
                Should -Contain "Replacing the transcript in $($script:GapOut): it was made with another -Prompt."
        }

        It 'hands Whisper the whole recording with -NoSilenceSkip, and says why it transcribes again' {
            $all = Invoke-Transcription -LiteralPath $script:Gap -OutputPath $script:GapOut -ModelName tiny -Language en -Prompt 'HLS, CMAF' -NoSilenceSkip -Verbose 4>&1
            ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message |
                Should -Contain "Replacing the transcript in $($script:GapOut): it was made with silences skipped."
            $transcript = $all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
            $transcript.SkippedSilence | Should -Be ([timespan]::Zero)
            $transcript.Duration.TotalSeconds | Should -BeGreaterThan ($script:GapStart + 6)
            Assert-Timeline -Cue @(Read-SrtCue $transcript.SrtPath) -Duration $transcript.Duration.TotalSeconds
        }

        It 'refuses an empty or overlong -Prompt before any work' {
            { Invoke-Transcription -LiteralPath $script:Gap -OutputPath (Join-Path $script:Work 'gap-bad') -ModelName tiny -Prompt (' ' * 3) } | Should -Throw '*-Prompt is empty*'
            { Invoke-Transcription -LiteralPath $script:Gap -OutputPath (Join-Path $script:Work 'gap-bad') -ModelName tiny -Prompt ('word, ' * 200) } | Should -Throw '*at most 600 are allowed*'
            Test-Path -LiteralPath (Join-Path $script:Work 'gap-bad') | Should -BeFalse
        }
    }

    Context 'the model' {
        It 'says how to get a missing model, before decoding any audio' {
            $out = Join-Path $script:Work 'no-model'
            { Invoke-Transcription -LiteralPath $script:Clip.Speech -OutputPath $out -ModelName small } |
                Should -Throw -ErrorId 'ModelNotFound,HlsEncoder.Module.Commands.InvokeTranscriptionCommand' -ExpectedMessage '*Save-WhisperModel -ModelName small*'
            { Invoke-Transcription -LiteralPath $script:Clip.Speech -OutputPath $out -Model (Join-Path $script:Work 'none.bin') } |
                Should -Throw -ErrorId 'ModelNotFound,HlsEncoder.Module.Commands.InvokeTranscriptionCommand'
            Test-Path -LiteralPath $out | Should -BeFalse
        }

        It 'finds the model through WHISPER_MODEL_PATH, relative to the current location' {
            $env:WHISPER_MODEL_PATH = './models/ggml-tiny.bin'
            try {
                $result = Invoke-Transcription -LiteralPath $script:Clip.Speech -OutputPath (Join-Path $script:Work 'by-setting') -Language en -Verbose 4>&1
                ($result | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain "Whisper model: $script:Model (chosen by WHISPER_MODEL_PATH from Environment)."
                ($result | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Model | Should -Be 'tiny'
            }
            finally { $env:WHISPER_MODEL_PATH = $null }
        }

        It 'refuses a corrupt or truncated model with an error instead of crashing the process' {
            $truncated = Join-Path $script:Work 'truncated.bin'
            Copy-Item -LiteralPath $script:Model -Destination $truncated
            $stream = [IO.File]::OpenWrite($truncated)
            try { $stream.SetLength(4MB) } finally { $stream.Dispose() }
            $page = Join-Path $script:Work 'page.bin'
            Set-Content -LiteralPath $page -Value '<!DOCTYPE html><html>Not found</html>'

            { Invoke-Transcription -LiteralPath $script:Clip.Speech -OutputPath (Join-Path $script:Work 'corrupt') -Model $truncated } |
                Should -Throw -ErrorId 'ModelInvalid,HlsEncoder.Module.Commands.InvokeTranscriptionCommand' -ExpectedMessage '*truncated*'
            { Invoke-Transcription -LiteralPath $script:Clip.Speech -OutputPath (Join-Path $script:Work 'corrupt') -Model $page } |
                Should -Throw -ExpectedMessage '*ggml magic*'
            Test-Path -LiteralPath (Join-Path $script:Work 'corrupt') | Should -BeFalse
        }

        It 'refuses contradictory or malformed arguments before any work' {
            { Invoke-Transcription -LiteralPath $script:Clip.Speech -Model $script:Model -ModelName tiny } |
                Should -Throw -ErrorId 'ModelParametersConflict,HlsEncoder.Module.Commands.InvokeTranscriptionCommand'
            { Invoke-Transcription -LiteralPath $script:Clip.Speech -ModelName '../../etc/passwd' } | Should -Throw '*is not a model name*'
            { Invoke-Transcription -LiteralPath $script:Clip.Speech -Language klingon } | Should -Throw '*use one of en, es, fr, de, ar, hi, or auto*'
        }
    }

    Context 'Ctrl+C' {
        It 'stops within a second and leaves no partial transcript files' {
            $out = Join-Path $script:Work 'stopped'
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddCommand('Import-Module').AddArgument($script:ModuleManifest).AddStatement()
                $null = $ps.AddCommand('Invoke-Transcription').AddParameter('LiteralPath', $script:Clip.Long).AddParameter('OutputPath', $out).
                    AddParameter('ModelName', 'tiny').AddParameter('Language', 'en')
                # A C# handler: a script block run on the thread that writes progress could take this runspace down.
                $transcribing = [HlsEncoderTests.ProgressSignal]::When($ps.Streams.Progress, '^(\d+)%', 0)
                $handle = $ps.BeginInvoke()
                $transcribing.Wait([timespan]::FromSeconds(60)) | Should -BeTrue
                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                # Stop() returns as the pipeline stops; the invocation's own completion is signalled just after.
                $finished = $handle.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(1))
                $watch.Stop()

                $finished | Should -BeTrue
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 1
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                Test-Path -LiteralPath $out | Should -BeFalse -Because 'neither partial files nor the folder made for them are left behind'
                Get-Process -Name ffmpeg -ErrorAction Ignore | Where-Object { $_.CommandLine -like "*$($script:Clip.Long)*" } | Should -BeNullOrEmpty
            }
            finally {
                # Never close a runspace under a batch that is still winding down: that kills the whole process.
                if ($handle) { $null = $handle.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(30)) }
                $ps.Dispose()
            }
        }
    }
}
