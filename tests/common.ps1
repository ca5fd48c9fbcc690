# Shared by every *.Tests.ps1: imports the staged module as a user would, and gives tests the local
# platform (a real backend and a real S3 API) without starting one per file.
Set-StrictMode -Version Latest

$script:RepoRoot = Split-Path -Parent $PSScriptRoot
$script:ModuleVersion = (Import-PowerShellDataFile -LiteralPath (Join-Path $script:RepoRoot 'HlsEncoder.psd1')).ModuleVersion
$script:ModuleManifest = if ($env:HLSENCODER_TEST_MODULE) { $env:HLSENCODER_TEST_MODULE }
else { Join-Path $script:RepoRoot "output/HlsEncoder/$script:ModuleVersion/HlsEncoder.psd1" }
if (-not (Test-Path -LiteralPath $script:ModuleManifest)) {
    throw "The staged module is missing ($script:ModuleManifest): run ./build.ps1 -Task Build first."
}
Import-Module $script:ModuleManifest -Force
Import-Module (Join-Path $script:RepoRoot 'tools/LocalPlatform/LocalPlatform.psd1') -Force

# The settings HlsEncoder reads; tests start from none of them and put back what was there.
$script:HlsEncoderVariables = @(
    'BACKEND_URL', 'AUTH_TOKEN', 'DEFAULT_LANGUAGE', 'PRESIGN_EXACT_ENDPOINT', 'FILE_CREATE_ENDPOINT',
    'AUTH_VALIDATE_ENDPOINT', 'REQUEST_TIMEOUT_SECONDS', 'FFMPEG_PATH', 'WHISPER_MODEL_PATH', 'WHISPER_MODEL_DIR',
    'WHISPER_MODEL_BASE_URL', 'HLSENCODER_ENV_FILE', 'HLSENCODER_LOG_PATH', 'S3_KEY_LAYOUT', 'XDG_CONFIG_HOME', 'XDG_STATE_HOME')

function Get-TestPlatform {
    <# One local platform for the whole Pester run; Invoke-PesterSuite stops it at the end. #>
    $current = Get-Variable -Name HlsEncoderTestPlatform -Scope Global -ValueOnly -ErrorAction Ignore
    if (-not $current -or $current.Process.HasExited) {
        $global:HlsEncoderTestPlatform = Start-LocalPlatform -RepoRoot $script:RepoRoot
    }
    Reset-LocalPlatform -Platform $global:HlsEncoderTestPlatform -Files
    $global:HlsEncoderTestPlatform
}

function Save-HlsEncoderEnvironment {
    $saved = @{}
    foreach ($name in $script:HlsEncoderVariables) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
    $saved
}

function Restore-HlsEncoderEnvironment {
    param([hashtable] $Saved)
    foreach ($name in $script:HlsEncoderVariables) {
        [Environment]::SetEnvironmentVariable($name, $Saved[$name])
    }
}

function Enter-PlatformTest {
    <#
    .SYNOPSIS
    Starts a test as a fresh user of the local platform: none of the machine's settings, config and state
    folders of its own (remembered defaults, course-layout folders), no File records, the admin's token.
    Returns what to give Restore-HlsEncoderEnvironment afterwards.
    #>
    param([Parameter(Mandatory)] $Platform)
    $saved = Save-HlsEncoderEnvironment
    $env:XDG_CONFIG_HOME = (New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))).FullName
    $env:XDG_STATE_HOME = (New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid().ToString('N')))).FullName
    Reset-LocalPlatform -Platform $Platform -Files
    Set-PlatformEnvironment $Platform
    $saved
}

function Set-PlatformEnvironment {
    <# Points HlsEncoder at the local platform through environment variables, as an admin would. #>
    param([Parameter(Mandatory)] $Platform, [ValidateSet('Admin', 'User', 'Expired')] [string] $As = 'Admin')
    $env:BACKEND_URL = $Platform.BackendUrl
    $env:AUTH_TOKEN = ConvertFrom-SecureString -SecureString $Platform."$($As)Token" -AsPlainText
}

function Get-PlainToken {
    param([Parameter(Mandatory)] $Platform, [ValidateSet('Admin', 'User', 'Expired')] [string] $As = 'Admin')
    ConvertFrom-SecureString -SecureString $Platform."$($As)Token" -AsPlainText
}

function New-RefusingPort {
    <# A loopback port that refuses connections until disposed: bound, never listening, so nothing else can take it. #>
    $socket = [System.Net.Sockets.Socket]::new([System.Net.Sockets.AddressFamily]::InterNetwork, [System.Net.Sockets.SocketType]::Stream, [System.Net.Sockets.ProtocolType]::Tcp)
    $socket.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Loopback, 0))
    $socket
}

function Get-VideoPrefix {
    <#
    .SYNOPSIS
    The S3 folder HlsEncoder gives a video: courses/{courseId}/{language}/{slug of the name}-{10 hex of the source's SHA-256}/.
    Computed here independently of the module; the slug rule is written out for the plain ASCII names tests use.
    #>
    param([Parameter(Mandatory)] [string] $CourseId, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Source, [string] $Language = 'en')
    $slug = ($Name.ToLowerInvariant() -replace '[^a-z0-9]+', '-').Trim('-')
    $hash = (Get-FileHash -LiteralPath $Source -Algorithm SHA256).Hash.ToLowerInvariant().Substring(0, 10)
    "courses/$CourseId/$Language/$(if ($slug) { "$slug-" })$hash/"
}

function Get-PublishedDuration {
    <# Sums the EXTINF of a published master's first variant, reading the playlists back over HTTP as a player would. #>
    param([Parameter(Mandatory)] [string] $MasterUrl)
    # Playlists come back as bytes: their content type is not a text/* one.
    $master = [Text.Encoding]::UTF8.GetString((Invoke-WebRequest -Uri $MasterUrl).Content)
    $variant = @($master -split "`n" | Where-Object { $_ -and -not $_.StartsWith('#') })[0].Trim()
    $playlist = [Text.Encoding]::UTF8.GetString((Invoke-WebRequest -Uri ([uri]::new([uri] $MasterUrl, $variant))).Content)
    ([regex]::Matches($playlist, '#EXTINF:([\d.]+)') | ForEach-Object { [double] $_.Groups[1].Value } | Measure-Object -Sum).Sum
}

function New-TestKeySet {
    <# S3 keys in the contract's shape for a course and language. #>
    param([string] $CourseId = '65a1f0c2e4b0a1b2c3d4e5f6', [string] $Language = 'en', [string[]] $Quality = @('720p', '480p'), [switch] $Transcript)
    $prefix = "courses/$CourseId/$Language"
    $qualities = [ordered]@{}
    foreach ($q in $Quality) { $qualities[$q] = "$prefix/$q/index.m3u8" }
    $keys = @{ Master = "$prefix/master.m3u8"; Qualities = $qualities }
    if ($Transcript) { $keys.Transcript = [ordered]@{ srt = "$prefix/transcript.srt"; vtt = "$prefix/transcript.vtt"; txt = "$prefix/transcript.txt"; json = "$prefix/transcript.json" } }
    $keys
}

function New-TinyWhisperModel {
    <# Writes the project's tiny random-weight Whisper model (tools/TestAssets): it transcribes nonsense, fast. #>
    param([Parameter(Mandatory)] [string] $Path)
    $made = & dotnet run --project (Join-Path $script:RepoRoot 'tools/TestAssets/TestAssets.csproj') -c Release -- tiny-model $Path 2>&1
    if ($LASTEXITCODE -ne 0) { throw "Could not write the tiny Whisper model: $made" }
    Get-Item -LiteralPath $Path
}

function Invoke-Playback {
    <# Plays a package folder (-Folder) or a published master playlist (-Url) in headless Chromium with hls.js; returns tools/Playback's report. #>
    param([string] $Folder, [string] $Url, [int] $Seconds = 6, [Nullable[int]] $SwitchLevel, [Nullable[int]] $SubtitleTrack, [int] $Timeout = 60)
    $arguments = @((Join-Path $script:RepoRoot 'tools/Playback/play.mjs'), '--seconds', $Seconds, '--timeout', $Timeout)
    $arguments += if ($Url) { '--url', $Url } else { '--folder', $Folder }
    if ($null -ne $SwitchLevel) { $arguments += '--switch-level', $SwitchLevel }
    if ($null -ne $SubtitleTrack) { $arguments += '--subtitle-track', $SubtitleTrack }
    $json = & node @arguments
    if ($LASTEXITCODE -ne 0) { throw "play.mjs could not play $Folder$Url (exit code $LASTEXITCODE)." }
    ($json -join "`n") | ConvertFrom-Json
}

function Invoke-ShakaPlayback {
    <# Plays a package folder with Shaka Player; returns shaka.mjs's report. #>
    param([Parameter(Mandatory)] [string] $Folder, [int] $Seconds = 3, [switch] $TrickPlay, [int] $Timeout = 60)
    $arguments = @((Join-Path $script:RepoRoot 'tools/Playback/shaka.mjs'), '--folder', $Folder, '--seconds', $Seconds, '--timeout', $Timeout)
    if ($TrickPlay) { $arguments += '--trick-play' }
    $json = & node @arguments
    if ($LASTEXITCODE -ne 0) { throw "shaka.mjs could not play $Folder (exit code $LASTEXITCODE)." }
    ($json -join "`n") | ConvertFrom-Json
}

function Invoke-PackageValidation {
    <# Checks a package folder with the strict parsers; returns validate.mjs's report. #>
    param([Parameter(Mandatory)] [string] $Folder)
    $json = & node (Join-Path $script:RepoRoot 'tools/Playback/validate.mjs') --folder $Folder
    if ($LASTEXITCODE -ne 0) { throw "validate.mjs could not check $Folder (exit code $LASTEXITCODE)." }
    ($json -join "`n") | ConvertFrom-Json -Depth 10
}

function New-PwshStartInfo {
    <# Starts the same pwsh as this one, also when it runs as a .NET tool (dotnet pwsh.dll). #>
    param([Parameter(Mandatory)] [string] $Command, [hashtable] $Environment = @{})
    $host_ = [Environment]::ProcessPath
    $start = [System.Diagnostics.ProcessStartInfo]::new($host_)
    if ([IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
    foreach ($argument in '-NoProfile', '-NonInteractive', '-Command', $Command) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $start.Environment['NO_COLOR'] = '1'
    foreach ($name in $Environment.Keys) { $start.Environment[$name] = $Environment[$name] }
    $start
}

function Invoke-ChildPwsh {
    <# Runs a command in a fresh pwsh with the staged module imported; returns everything it wrote (all streams) and its exit code. #>
    param([Parameter(Mandatory)] [string] $Command, [hashtable] $Environment = @{})
    $process = [System.Diagnostics.Process]::Start((New-PwshStartInfo -Command "Import-Module '$script:ModuleManifest'; $Command" -Environment $Environment))
    $stderr = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    [pscustomobject]@{ Output = $stdout + $stderr.Result; ExitCode = $process.ExitCode }
}

if (-not ('HlsEncoderTests.MessageSignal' -as [type])) {
    # A plain .NET handler: it runs on the thread that writes progress, without needing this runspace,
    # so a test can block on the signal while another runspace works.
    Add-Type -TypeDefinition @'
namespace HlsEncoderTests
{
    using System.Management.Automation;
    using System.Text.RegularExpressions;
    using System.Threading;

    public static class ProgressSignal
    {
        /// <summary>Set once a progress record's status matches <paramref name="pattern"/> with group 1 at least <paramref name="minimum"/>.</summary>
        public static ManualResetEventSlim When(PSDataCollection<ProgressRecord> records, string pattern, int minimum)
        {
            var signal = new ManualResetEventSlim();
            var regex = new Regex(pattern);
            records.DataAdded += (sender, e) =>
            {
                var match = regex.Match(records[e.Index].StatusDescription ?? string.Empty);
                if (match.Success && int.Parse(match.Groups[1].Value) >= minimum)
                {
                    signal.Set();
                }
            };
            return signal;
        }
    }

    public static class MessageSignal
    {
        /// <summary>Set once a message (verbose, debug, warning) matches <paramref name="pattern"/>; <see cref="Match"/> is that match.</summary>
        public sealed class Waiter
        {
            public ManualResetEventSlim Signal { get; } = new ManualResetEventSlim();
            public Match Match { get; internal set; }
        }

        public static Waiter When<T>(PSDataCollection<T> records, string pattern) where T : InformationalRecord
        {
            var waiter = new Waiter();
            var regex = new Regex(pattern);
            records.DataAdded += (sender, e) =>
            {
                var match = regex.Match(records[e.Index].Message ?? string.Empty);
                if (match.Success && !waiter.Signal.IsSet)
                {
                    waiter.Match = match;
                    waiter.Signal.Set();
                }
            };
            return waiter;
        }
    }
}
'@
}
