@{
    RootModule           = 'bin/HlsEncoder.Module.dll'
    ModuleVersion        = '0.2.0'
    GUID                 = '5d0f6a2e-7c1b-4b8e-9a43-2f6f1f0c9e51'
    Author               = 'HlsEncoder contributors'
    CompanyName          = 'HlsEncoder'
    Copyright            = '(c) HlsEncoder contributors. MIT licence.'
    Description          = 'Encodes lecture videos into adaptive HLS, transcribes them with Whisper, uploads them to S3 through presigned URLs from the course platform, and registers them as File records.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('HlsEncoder.Format.ps1xml')
    CmdletsToExport      = @(
        'Get-HlsEncoderConfiguration'
        'Test-BackendConnection'
        'New-BackendFileRecord'
        'Send-HlsToS3'
        'Invoke-HlsEncode'
        'Invoke-Transcription'
        'Save-WhisperModel'
        'Publish-HlsVideo'
        'Set-HlsEncoderDefault'
        'Get-HlsEncoderDefault'
        'Test-HlsEncoderEnvironment'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('HLS', 'ffmpeg', 'Whisper', 'S3', 'Video', 'Transcription', 'Streaming', 'Lecture', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/hlsencoder/HlsEncoder'
            ReleaseNotes = @'
0.2.0
- A folder per video: courses/{courseId}/{language}/{videoKey}/, named after the video's name and
  content, so a course can hold many lectures; the flat layout stays available (-KeyLayout Course).
- Publications per target: one video to several courses or languages, one package, one File record each.
- Overlapping runs are safe: an OS lock per package; a second run is told who holds it.
- SIGTERM, SIGHUP and SIGQUIT stop cleanly; ffmpeg never outlives pwsh (Linux, Windows).
- Send-HlsToS3 uploads any complete HLS folder (plain ffmpeg, MediaConvert), not only its own.
- Test-HlsEncoderEnvironment checks a new machine and says what to fix.
'@
        }
    }
}
