#Requires -Version 7.4
<#
.SYNOPSIS
    The README's demo: publishes a generated lecture end to end against the local platform.
.DESCRIPTION
    Generates a sample lecture (slides with spoken audio from espeak-ng), starts the local platform (a
    backend that implements the platform's API, presigning for a local S3 server that checks
    signatures), points HlsEncoder at it through a .env file (so the token is never printed), and runs
    Publish-HlsVideo: encode, transcribe, upload, File record. It then prints the File record, plays
    the published master playlist from S3 in headless Chromium with hls.js, and prints its URL.

    No Whisper model can be downloaded on an offline machine, so unless -Model or WHISPER_MODEL_PATH
    names a real one (Save-WhisperModel -ModelName base fetches one where there is internet), the demo
    transcribes with the project's tiny random-weight test model: the pipeline is real, the words are
    nonsense.

    The platform stops when the demo ends; -KeepServing leaves it running (and the URL playable) until Ctrl+C.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepoRoot,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [string] $Model = $env:WHISPER_MODEL_PATH,
    [switch] $KeepServing
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module $ModuleManifest -Force
Import-Module (Join-Path $RepoRoot 'tools/LocalPlatform/LocalPlatform.psd1') -Force

$work = Join-Path $RepoRoot 'output/demo'
$null = New-Item -ItemType Directory -Force -Path $work
function Write-Step([string] $Text) { Write-Host "`n==> $Text" -ForegroundColor Cyan }

Write-Step 'Generating a sample lecture (slides + espeak-ng speech, 20 s)'
$lecture = & (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Lecture -Path (Join-Path $work 'sample-lecture.mp4') -Width 1280 -Height 720 -Duration 20
Write-Host "$($lecture.FullName) ($([math]::Round($lecture.Length / 1MB, 1)) MB)"

if (-not $Model) {
    $Model = Join-Path $work 'ggml-tiny-test.bin'
    if (-not (Test-Path -LiteralPath $Model)) {
        Write-Step 'No Whisper model given: writing the tiny random-weight test model (its transcript is nonsense)'
        $made = & dotnet run --project (Join-Path $RepoRoot 'tools/TestAssets/TestAssets.csproj') -c Release -- tiny-model $Model 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Could not write the test model: $made" }
    }
}

Write-Step 'Starting the local platform (backend + S3)'
$platform = Start-LocalPlatform -RepoRoot $RepoRoot
try {
    $envFile = Join-Path $work 'local-platform.env'
    Write-LocalPlatformEnvFile -Platform $platform -Path $envFile
    Write-Host "Backend $($platform.BackendUrl), S3 $($platform.PublicBaseUrl); BACKEND_URL and AUTH_TOKEN are in $envFile"

    Write-Step "Test-BackendConnection -EnvFile $envFile"
    Test-BackendConnection -EnvFile $envFile | Format-List Status, BackendUrl, User, Message | Out-Host

    $courseId = '65a1f0c2e4b0a1b2c3d4e5f6'
    Write-Step "Publish-HlsVideo -Path $($lecture.Name) -CourseId $courseId -Name 'Session 1 - Introduction' -Language en"
    $published = Publish-HlsVideo -LiteralPath $lecture.FullName -OutputPath (Join-Path $work 'sample-lecture') -CourseId $courseId `
        -Name 'Session 1 - Introduction' -Language en -Model $Model -EnvFile $envFile -Force -Verbose 4>&1 |
        ForEach-Object {
            if ($_ -is [System.Management.Automation.VerboseRecord]) { Write-Host "  $($_.Message)" -ForegroundColor DarkGray } else { $_ }
        }
    $published | Format-List Id, Name, CourseId, Language, Prefix, VideoKey, Duration, Qualities, HasTranscript, MasterUrl | Out-Host
    Write-Host "Phase timings: $($published.Timings)"

    Write-Step 'What the package holds (Invoke-HlsEncode again: up to date, nothing is encoded twice)'
    $package = Invoke-HlsEncode -LiteralPath $lecture.FullName -OutputPath $published.PackagePath
    $poster = $package.Poster
    $storyboard = $package.Storyboard
    Write-Host "Poster:            $($poster.Path) ($($poster.Width)x$($poster.Height), the frame at $($poster.Time.TotalSeconds.ToString('0.##')) s)"
    Write-Host "Storyboard:        $($storyboard.VttPath) ($($storyboard.TileCount) tiles of $($storyboard.TileWidth)x$($storyboard.TileHeight), one every $($storyboard.Interval.TotalSeconds) s, on $($storyboard.SheetCount) sheet(s))"
    Get-Content -LiteralPath $storyboard.VttPath -TotalCount 7 | ForEach-Object { Write-Host "                   $_" -ForegroundColor DarkGray }
    Write-Host "I-frame playlists: $(($package.IFramePlaylists | ForEach-Object { "$($_.Name) ($($_.FrameCount) I-frames)" }) -join ', ')"
    if ($package.PSObject.Properties['Loudness'] -and $package.Loudness) { Write-Host "Loudness:          $($package.Loudness)" }

    Write-Step 'The File record the backend stored'
    Get-LocalPlatformFileRecord -Platform $platform | ConvertTo-Json -Depth 5 | Out-Host

    Write-Step 'Playing the published master playlist from S3 in headless Chromium with hls.js'
    $json = & node (Join-Path $RepoRoot 'tools/Playback/play.mjs') --url $published.MasterUrl --seconds 6 --subtitle-track 0 --timeout 90
    if ($LASTEXITCODE -ne 0) { throw 'Playback could not run.' }
    $report = ($json -join "`n") | ConvertFrom-Json
    $cues = ($report.textTracks | Where-Object kind -eq 'subtitles' | Measure-Object -Property cues -Sum).Sum
    $failures = @($report.errors | Where-Object fatal).Count + @($report.httpErrors).Count
    $levels = ($report.levels | ForEach-Object { "$($_.width)x$($_.height)" }) -join ', '
    Write-Host ("Played {0:0.0} s; levels: {1}; subtitle tracks: {2} ({3} cues loaded); fatal or HTTP errors: {4}" -f $report.currentTime, $levels, @($report.subtitleTracks).Count, $cues, $failures)
    if ($report.currentTime -lt 6 -or $failures -gt 0) { throw 'The published video did not play.' }

    Write-Step 'Playing it again with Shaka Player: trick-play streams and the storyboard'
    $json = & node (Join-Path $RepoRoot 'tools/Playback/shaka.mjs') --url $published.MasterUrl --seconds 4 --timeout 90
    if ($LASTEXITCODE -ne 0) { throw 'Shaka playback could not run.' }
    $shaka = ($json -join "`n") | ConvertFrom-Json
    Write-Host ("Played {0:0.0} s; variants: {1}; I-frame streams: {2}; storyboard tile at 0 s: {3}; errors: {4}" -f $shaka.currentTime,
        @($shaka.variants).Count, @($shaka.iframeStreams).Count, (@($shaka.thumbnail.uris)[0] -replace '^.*/storyboard/', 'storyboard/'), @($shaka.errors).Count)
    if ($shaka.currentTime -lt 4 -or @($shaka.errors).Count -gt 0) { throw 'Shaka Player did not play the published video.' }

    Write-Step 'Done'
    Write-Host "File record $($published.Id): '$($published.Name)'"
    Write-Host "Plays from: $($published.MasterUrl)"
    if ($KeepServing) {
        Write-Host 'The local platform keeps serving it (open the URL in VLC, Safari or any hls.js page); press Ctrl+C to stop.'
        $platform.Process.WaitForExit()
    }
    else {
        Write-Host '(That URL is served by the local platform, which stops now; run the demo with -KeepServing to keep it playable.)'
    }
}
finally {
    Stop-LocalPlatform -Platform $platform
}
