#Requires -Version 7.0
<#
.SYNOPSIS
    Generates a short test clip with the system ffmpeg (and espeak-ng for real speech).

.DESCRIPTION
    Kinds:
      Lecture   slides (a still background and "Slide N" text that change every few seconds) with espeak-ng speech
      Motion    testsrc2 high motion with a sine tone
      NoAudio   testsrc2 without an audio stream
      Portrait  Motion at 1080x1920
      Rotated   Motion coded 1280x720 with a 90 degree display rotation (mp4 display matrix)
      Vfr       Motion at a variable frame rate (full rate, then a third of it, alternating each second)
      Speech    audio only: espeak-ng speech as a 16 kHz mono 16-bit WAV
      Silence   testsrc2 with a silent audio track
    Video kinds are H.264 (ultrafast) + AAC in MP4. Every clip lasts exactly -Duration seconds (speech is
    padded with silence or cut). The file appears at -Path only when complete. Returns the file.

.EXAMPLE
    ./New-TestMedia.ps1 -Kind Lecture -Path out/lecture.mp4 -Duration 20
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [Parameter(Mandatory)]
    [ValidateSet('Lecture', 'Motion', 'NoAudio', 'Portrait', 'Rotated', 'Vfr', 'Speech', 'Silence')]
    [string] $Kind,

    [Parameter(Mandatory)]
    [string] $Path,

    # H.264 in 4:2:0 needs even dimensions.
    [ValidateScript({ $_ -ge 16 -and $_ % 2 -eq 0 }, ErrorMessage = 'Width must be an even number of at least 16.')]
    [int] $Width = 1280,

    [ValidateScript({ $_ -ge 16 -and $_ % 2 -eq 0 }, ErrorMessage = 'Height must be an even number of at least 16.')]
    [int] $Height = 720,

    [ValidateRange(0.5, 3600)]
    [double] $Duration = 10,

    [ValidateRange(1, 120)]
    [int] $FrameRate = 30,

    # Lecture and Speech: say the text again and again, with this many seconds of silence after each
    # telling, until -Duration (a lecture with pauses). Without it the text is said once, then silence.
    [ValidateRange(0, 600)]
    [Nullable[double]] $Pause,

    # What espeak-ng says in Lecture and Speech.
    [ValidateNotNullOrEmpty()]
    [string] $Text = 'Welcome to this lecture on video streaming. A long video is cut into short segments of a few seconds. ' +
        'Each segment is encoded at several bit rates and resolutions. The player measures the network and picks the best rendition. ' +
        'Subtitles are written as WebVTT files beside the video playlists.'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$InstallHint = 'install it with: apt-get install -y ffmpeg espeak-ng'
$SlideSeconds = 4

function Assert-Tool([string] $Name) {
    if (-not (Get-Command $Name -CommandType Application -ErrorAction Ignore)) {
        throw "New-TestMedia: '$Name' was not found on PATH; $InstallHint."
    }
}

function Invoke-Tool([string] $Name, [string[]] $Arguments) {
    $output = & $Name @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "New-TestMedia: $Name exited with $LASTEXITCODE`: $($output -join [Environment]::NewLine)"
    }
}

function Invoke-FFmpeg([string[]] $Arguments) {
    Invoke-Tool 'ffmpeg' (@('-nostdin', '-hide_banner', '-loglevel', 'error', '-y') + $Arguments)
}

function Get-MovingPicture([int] $ClipWidth, [int] $ClipHeight) {
    '-f', 'lavfi', '-i', "testsrc2=size=${ClipWidth}x${ClipHeight}:rate=$FrameRate"
}

function Get-Tone {
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'
}

function Get-SlideArguments([string] $SpeechFile) {
    # The hue steps once per slide, so each slide is a still picture and each change a scene cut.
    $slide = "floor(t/$SlideSeconds)"
    $filter = "hue=h=$slide*67," +
        "drawtext=text='Slide %{eif\:$slide+1\:d}':fontsize=h/8:fontcolor=white:x=(w-tw)/2:y=h/3," +
        "drawtext=text='Adaptive streaming':fontsize=h/16:fontcolor=white:x=(w-tw)/2:y=h*0.6"
    '-f', 'lavfi', '-i', "color=c=0x2a4d8f:size=${Width}x${Height}:rate=$FrameRate"
    Get-SpeechInput $SpeechFile
    '-vf', $filter, '-af', 'apad', '-ar', '48000'
}

function Get-SpeechInput([string] $SpeechFile) {
    # With -Pause the telling and its silence loop until -t cuts them.
    if ($null -ne $Pause) { '-stream_loop', '-1', '-i', $SpeechFile } else { '-i', $SpeechFile }
}

$needsSpeech = $Kind -in 'Lecture', 'Speech'
Assert-Tool 'ffmpeg'
if ($needsSpeech) { Assert-Tool 'espeak-ng' }

$destination = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
$null = New-Item -ItemType Directory -Force -Path ([System.IO.Path]::GetDirectoryName($destination))
$partial = "$destination.partial"
$spoken = "$destination.espeak.wav"
$speech = "$destination.speech.wav"
$rotated = "$destination.rotated"

$video = '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'
$audio = '-c:a', 'aac', '-b:a', '128k'
$mp4 = '-movflags', '+faststart', '-f', 'mp4'

try {
    if ($needsSpeech) {
        Invoke-Tool 'espeak-ng' @('-w', $spoken, $Text)
        if ($null -ne $Pause) { Invoke-FFmpeg @('-i', $spoken, '-af', "apad=pad_dur=$Pause", $speech) }
        else { Move-Item -LiteralPath $spoken -Destination $speech -Force }
    }

    $arguments = switch ($Kind) {
        'Lecture' { (Get-SlideArguments $speech) + $video + $audio + $mp4 }
        'Motion' { (Get-MovingPicture $Width $Height) + (Get-Tone) + $video + $audio + $mp4 }
        'NoAudio' { (Get-MovingPicture $Width $Height) + $video + '-an' + $mp4 }
        'Portrait' {
            $portraitWidth = $PSBoundParameters.ContainsKey('Width') ? $Width : 1080
            $portraitHeight = $PSBoundParameters.ContainsKey('Height') ? $Height : 1920
            (Get-MovingPicture $portraitWidth $portraitHeight) + (Get-Tone) + $video + $audio + $mp4
        }
        'Rotated' { (Get-MovingPicture $Width $Height) + (Get-Tone) + $video + $audio + $mp4 }
        'Vfr' {
            # Keeps every frame in even seconds and every third in odd ones; vfr keeps the gaps as timestamps.
            (Get-MovingPicture $Width $Height) + (Get-Tone) +
            '-vf', "select='lt(mod(t,2),1)+not(mod(n,3))'", '-fps_mode', 'vfr' + $video + $audio + $mp4
        }
        'Speech' { (Get-SpeechInput $speech) + '-af', 'apad', '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', '-f', 'wav' }
        'Silence' {
            (Get-MovingPicture $Width $Height) + '-f', 'lavfi', '-i', 'anullsrc=channel_layout=stereo:sample_rate=48000' +
            $video + $audio + $mp4
        }
    }

    Invoke-FFmpeg ($arguments + '-t', "$Duration", $partial)
    if ($Kind -eq 'Rotated') {
        # ffmpeg 5.1 has no -display_rotation and drops a rotate tag on a stream it encodes; on a stream copy
        # its mp4 muxer turns the tag into a display matrix (ffprobe: side data "Display Matrix", rotation=90).
        Invoke-FFmpeg (@('-i', $partial, '-c', 'copy', '-metadata:s:v:0', 'rotate=90') + $mp4 + $rotated)
        Move-Item -LiteralPath $rotated -Destination $partial -Force
    }

    Move-Item -LiteralPath $partial -Destination $destination -Force
    Get-Item -LiteralPath $destination
}
finally {
    Remove-Item -LiteralPath $partial, $spoken, $speech, $rotated -Force -ErrorAction Ignore
}
