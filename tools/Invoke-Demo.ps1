#Requires -Version 7.4
<#
.SYNOPSIS
    The README's demo: runs HlsEncoder against the local platform (a real backend and a real S3 API).
.DESCRIPTION
    Starts the local platform, points HlsEncoder at it through a .env file (so the token is never
    printed), checks the connection, registers a File record, and shows what the backend stored.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $RepoRoot,
    [Parameter(Mandatory)] [string] $ModuleManifest
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module $ModuleManifest -Force
Import-Module (Join-Path $RepoRoot 'tools/LocalPlatform/LocalPlatform.psd1') -Force

$platform = Start-LocalPlatform -RepoRoot $RepoRoot
try {
    $envFile = Join-Path $RepoRoot 'output/demo/local-platform.env'
    Write-LocalPlatformEnvFile -Platform $platform -Path $envFile
    Write-Host "Local platform: backend $($platform.BackendUrl), S3 $($platform.PublicBaseUrl)"

    Write-Host "`n> Test-BackendConnection -EnvFile $envFile"
    Test-BackendConnection -EnvFile $envFile | Format-List | Out-Host

    $courseId = '65a1f0c2e4b0a1b2c3d4e5f6'
    $prefix = "courses/$courseId/en"
    Write-Host "> New-BackendFileRecord -CourseId $courseId -Name 'Session 1 - Introduction' ..."
    $record = New-BackendFileRecord -EnvFile $envFile -CourseId $courseId -Language en -Name 'Session 1 - Introduction' `
        -Duration 1245 -Qualities 720p, 480p -S3Keys @{
            Master    = "$prefix/master.m3u8"
            Qualities = [ordered]@{ '720p' = "$prefix/720p/index.m3u8"; '480p' = "$prefix/480p/index.m3u8" }
        }
    $record | Format-Table | Out-Host

    Write-Host 'What the backend stored:'
    Get-LocalPlatformFileRecord -Platform $platform | ConvertTo-Json -Depth 5 | Out-Host
}
finally {
    Stop-LocalPlatform -Platform $platform
}
