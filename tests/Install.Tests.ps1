#Requires -Version 7.4
# HlsEncoder installed the way admins install modules: from a repository with PSResourceGet (which
# ships with pwsh 7.4+), imported by name in a fresh pwsh, and updated to a newer build.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $stage = Split-Path -Parent $script:ModuleManifest
    $repository = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'repository')).FullName
    # An admin of this test's own: PSResourceGet installs CurrentUser modules under ~/.local/share
    # (HOME) and keeps repository registrations under XDG_DATA_HOME; pwsh looks for modules in both.
    # (Both must exist: .NET answers an empty LocalApplicationData for a missing one, and PSResourceGet
    # would then keep its registrations relative to the current folder.)
    $adminHome = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'home')).FullName
    $dataHome = (New-Item -ItemType Directory -Path (Join-Path $adminHome '.local/share')).FullName

    function Invoke-Admin([string] $Command) {
        <# Runs a command in a fresh pwsh, as that admin; nothing imported beforehand. #>
        $start = New-PwshStartInfo -Command $Command -Environment @{ HOME = $adminHome; XDG_DATA_HOME = $dataHome; PSModulePath = '' }
        $process = [System.Diagnostics.Process]::Start($start)
        $errors = $process.StandardError.ReadToEndAsync()
        $output = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        [pscustomobject]@{ Output = $output; Errors = $errors.Result; ExitCode = $process.ExitCode }
    }

    function New-Build([string] $Version) {
        <# The staged module as a newer build would be, packed into the repository. #>
        $copy = Join-Path $TestDrive "build-$Version/HlsEncoder"
        Copy-Item -LiteralPath $stage -Destination $copy -Recurse
        $manifest = Join-Path $copy 'HlsEncoder.psd1'
        (Get-Content -LiteralPath $manifest -Raw) -replace "ModuleVersion\s*=\s*'[^']+'", "ModuleVersion        = '$Version'" |
            Set-Content -LiteralPath $manifest -NoNewline
        Compress-PSResource -Path $copy -DestinationPath $repository
        Join-Path $repository "HlsEncoder.$Version.nupkg"
    }

    $version = (Import-PowerShellDataFile -LiteralPath $script:ModuleManifest).ModuleVersion
    Compress-PSResource -Path $stage -DestinationPath $repository
    $package = Join-Path $repository "HlsEncoder.$version.nupkg"
    $clip = & (Join-Path $RepoRoot 'tools/TestAssets/New-TestMedia.ps1') -Kind Motion -Path (Join-Path $TestDrive 'clip.mp4') -Width 320 -Height 240 -Duration 2
}

Describe 'Installing HlsEncoder from a repository' {
    It 'packs a manifest that Test-ModuleManifest accepts, with what a gallery page shows' {
        $manifest = Test-ModuleManifest -Path $script:ModuleManifest

        $manifest.Version | Should -Be $version
        $manifest.PowerShellVersion | Should -Be '7.4'
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $manifest.Description | Should -Not -BeNullOrEmpty
        $manifest.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.ReleaseNotes | Should -Match "^$([regex]::Escape($version))"
        $manifest.Tags | Should -Contain 'HLS'
        $manifest.ExportedCmdlets.Keys | Should -Contain 'Publish-HlsVideo'
        Test-Path -LiteralPath $package | Should -BeTrue
    }

    It 'carries the native Whisper libraries of win-x64, linux-x64, linux-arm64, osx-x64 and osx-arm64' {
        # Whisper.net loads them itself from runtimes/{win|linux|macos}-{arch}/ beside Whisper.net.dll.
        $archive = [System.IO.Compression.ZipFile]::OpenRead($package)
        try { $entries = @($archive.Entries.FullName) } finally { $archive.Dispose() }
        $expected = @{
            'win-x64'      = 'whisper.dll', 'ggml-whisper.dll', 'ggml-base-whisper.dll', 'ggml-cpu-whisper.dll'
            'linux-x64'    = 'libwhisper.so', 'libggml-whisper.so', 'libggml-base-whisper.so', 'libggml-cpu-whisper.so'
            'linux-arm64'  = 'libwhisper.so', 'libggml-whisper.so', 'libggml-base-whisper.so', 'libggml-cpu-whisper.so'
            'macos-x64'    = 'libwhisper.dylib', 'libggml-whisper.dylib', 'libggml-base-whisper.dylib', 'libggml-cpu-whisper.dylib'
            'macos-arm64'  = 'libwhisper.dylib', 'libggml-whisper.dylib', 'libggml-base-whisper.dylib', 'libggml-cpu-whisper.dylib'
        }
        foreach ($platform in $expected.Keys) {
            foreach ($library in $expected[$platform]) {
                $entries | Should -Contain "bin/deps/runtimes/$platform/$library" -Because "$platform needs $library"
            }
        }
        Write-Host ("      package: {0:0.0} MB, {1} files" -f ((Get-Item -LiteralPath $package).Length / 1MB), $entries.Count)
    }

    It 'installs from a folder repository, imports by name in a fresh pwsh, shows its help and encodes' {
        $install = Invoke-Admin @"
Register-PSResourceRepository -Name HlsEncoderTest -Uri '$repository' -Trusted
Install-PSResource -Name HlsEncoder -Repository HlsEncoderTest -Scope CurrentUser -TrustRepository -Quiet
(Get-InstalledPSResource -Name HlsEncoder).Version.ToString()
"@
        $install.ExitCode | Should -Be 0 -Because $install.Errors
        $install.Output.Trim() | Should -Be $version

        $use = Invoke-Admin @"
Import-Module HlsEncoder -ErrorAction Stop
`$module = Get-Module HlsEncoder
'VERSION ' + `$module.Version
'PATH ' + `$module.ModuleBase
'COMMANDS ' + ((Get-Command -Module HlsEncoder).Name -join ',')
'HELP ' + ((Get-Help Publish-HlsVideo -Full | Out-String -Width 200) -match 'Encodes, transcribes, uploads and registers lecture videos')
`$package = Invoke-HlsEncode -LiteralPath '$($clip.FullName)' -OutputPath '$(Join-Path $TestDrive 'installed-package')' -Quality 240p -SegmentDuration 2 -ErrorAction Stop
'QUALITIES ' + (`$package.Qualities -join ',')
"@
        $use.ExitCode | Should -Be 0 -Because $use.Errors
        $use.Output | Should -Match "(?m)^VERSION $([regex]::Escape($version))$"
        $use.Output | Should -Match "(?m)^PATH $([regex]::Escape($dataHome)).*HlsEncoder"
        $use.Output | Should -Match '(?m)^COMMANDS .*Publish-HlsVideo'
        $use.Output | Should -Match '(?m)^HELP True$'
        $use.Output | Should -Match '(?m)^QUALITIES 240p$'
    }

    It 'updates to a newer build with Update-PSResource, and a fresh pwsh loads the new version' {
        $newer = [version] $version
        $newer = "$($newer.Major).$($newer.Minor).$($newer.Build + 1)"
        $null = New-Build $newer

        $update = Invoke-Admin "Update-PSResource -Name HlsEncoder -Repository HlsEncoderTest -Scope CurrentUser -TrustRepository -Quiet; @(Get-InstalledPSResource -Name HlsEncoder).Version -join ','"
        $loaded = Invoke-Admin "(Import-Module HlsEncoder -PassThru -ErrorAction Stop).Version.ToString(); (Get-Command Publish-HlsVideo).Version.ToString()"

        $update.ExitCode | Should -Be 0 -Because $update.Errors
        $update.Output | Should -Match ([regex]::Escape($newer))
        $loaded.ExitCode | Should -Be 0 -Because $loaded.Errors
        ($loaded.Output -split "`n")[0].Trim() | Should -Be $newer
    }
}
