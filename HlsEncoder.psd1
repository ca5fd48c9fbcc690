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
            Tags         = @('HLS', 'ffmpeg', 'Whisper', 'S3', 'Video', 'Transcription', 'Linux', 'Windows')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See the project README.'
        }
    }
}
