@{
    RootModule        = 'LocalPlatform.psm1'
    ModuleVersion     = '0.1.0'
    GUID              = '5b0f3c39-8e0a-4a43-9d55-2f6f0f5b7c21'
    Author            = 'HlsEncoder contributors'
    Copyright         = '(c) HlsEncoder contributors. MIT licence.'
    Description       = 'A local stand-in for the course platform backend plus a real local S3 API, for tests and the demo.'
    PowerShellVersion = '7.4'
    FunctionsToExport = @(
        'Start-LocalPlatform', 'Stop-LocalPlatform', 'Set-LocalPlatformFault', 'Set-LocalPlatformS3Fault',
        'Set-LocalPlatformSetting', 'Reset-LocalPlatform', 'Get-LocalPlatformFileRecord', 'Get-LocalPlatformRequest',
        'Get-LocalPlatformS3Put', 'Get-LocalPlatformS3Request', 'New-LocalPlatformToken', 'Write-LocalPlatformEnvFile')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
