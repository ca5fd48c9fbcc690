namespace HlsEncoder.Module.Remoting;

/// <summary>
/// What a session runs on its host. Each script uses only HlsEncoder's own cmdlets and PowerShell's, so
/// the host needs nothing but the module; settings arrive as parameters and live only in that session.
/// </summary>
internal static class RemoteScripts
{
    /// <summary>Makes sure the host has this HlsEncoder version loaded: the one the session imported already, else by name.</summary>
    public const string UseModule = """
        param([string] $Version)
        $loaded = Get-Module -Name HlsEncoder
        if ($loaded -and $loaded.Version -ne [version] $Version) {
            return [pscustomobject]@{ Status = 'OtherVersionLoaded'; Found = "$($loaded.Version)"; Host = [Environment]::MachineName }
        }
        if (-not $loaded) {
            $loaded = Import-Module -Name HlsEncoder -RequiredVersion $Version -PassThru -ErrorAction SilentlyContinue
        }
        if (-not $loaded) {
            $found = @(Get-Module -ListAvailable -Name HlsEncoder | ForEach-Object { "$($_.Version)" })
            return [pscustomobject]@{ Status = 'Missing'; Found = ($found -join ', '); Host = [Environment]::MachineName }
        }
        [pscustomobject]@{ Status = 'Ready'; Found = "$($loaded.Version)"; Host = [Environment]::MachineName }
        """;

    /// <summary>Where the source is on the host: in place when a file of the same size is at its path (shared storage), else a new scratch folder to copy it into.</summary>
    public const string PlaceSource = """
        param([string] $Path, [long] $Size)
        $item = Get-Item -LiteralPath $Path -Force -ErrorAction Ignore
        if ($item -is [System.IO.FileInfo] -and $item.Length -eq $Size) {
            return [pscustomobject]@{ InPlace = $true; Path = $item.FullName; Folder = $null }
        }
        $folder = Join-Path ([System.IO.Path]::GetTempPath()) ('hlsencoder-source-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $folder
        [pscustomobject]@{ InPlace = $false; Path = (Join-Path $folder ([System.IO.Path]::GetFileName($Path))); Folder = $folder }
        """;

    /// <summary>Removes a scratch folder that <see cref="PlaceSource"/> made.</summary>
    public const string RemoveScratch = """
        param([string] $Folder)
        if ($Folder -and (Split-Path -Leaf $Folder) -like 'hlsencoder-source-*') { Remove-Item -LiteralPath $Folder -Recurse -Force -ErrorAction Ignore }
        """;

    /// <summary>
    /// Encodes, transcribes and uploads one video with the module's own cmdlets, and returns the upload (as
    /// JSON, whole) and how long each phase took. The package goes to a folder named after the video key under
    /// -OutputPath as the host sees it, else under the host user's local data; the token is a SecureString parameter, the other backend
    /// settings become this session's environment: nothing of them is written to the host's disk.
    /// </summary>
    public const string Publish = """
        param(
            [string] $Source, [string] $OutputPath, [string] $PackageName,
            [hashtable] $Encode, [hashtable] $Transcribe, [hashtable] $Upload, [hashtable] $Settings, [securestring] $Token,
            # Named as the preference variables, so the commands below write verbose and debug text as the controller shows them.
            [System.Management.Automation.ActionPreference] $VerbosePreference = 'SilentlyContinue',
            [System.Management.Automation.ActionPreference] $DebugPreference = 'SilentlyContinue')
        $ErrorActionPreference = 'Stop'
        # Warning, verbose and debug text come back as records among the output (else the remote host would
        # also print them on this machine's console, without the host's name); the caller sorts them out.
        & {
            foreach ($name in $Settings.Keys) { [Environment]::SetEnvironmentVariable($name, $Settings[$name]) }
            if (-not $OutputPath) { $OutputPath = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'HlsEncoder/packages' }
            $OutputPath = Join-Path $OutputPath $PackageName
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            try {
                $package = Invoke-HlsEncode -LiteralPath $Source -OutputPath $OutputPath @Encode
            }
            catch {
                # The folder is named after this video's content: a package there made with other settings is
                # replaced, as Publish-HlsVideo replaces a stale package of its own on one machine.
                if ($_.FullyQualifiedErrorId -notlike 'PackageExists,*') { throw }
                $package = Invoke-HlsEncode -LiteralPath $Source -OutputPath $OutputPath @Encode -Force
            }
            $encoded = $clock.Elapsed
            # A video without sound is published as it is, as on one machine: there is nothing to caption.
            if ($Transcribe -and $package.HasAudio) { $package = $package | Invoke-Transcription @Transcribe }
            $transcribed = $clock.Elapsed
            $result = $package | Send-HlsToS3 @Upload -Token $Token
            [pscustomobject]@{
                Upload = $result.ToJson()
                EncodeTime = $encoded
                TranscribeTime = $transcribed - $encoded
                UploadTime = $clock.Elapsed - $transcribed
            }
        } 3>&1 4>&1 5>&1
        """;
}
