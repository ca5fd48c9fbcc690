using System.Management.Automation;
using System.Net;
using System.Security;
using HlsEncoder.Configuration;
using HlsEncoder.Module.Infrastructure;

namespace HlsEncoder.Module;

/// <summary>
/// A cmdlet that reads the backend settings: highest first, these parameters, the environment, the .env
/// file and the defaults. The token is only ever accepted as a SecureString or a PSCredential, so it never
/// lands in a transcript or the history as plain text. BeginProcessing reads them once for the command.
/// </summary>
public abstract class SettingsCmdlet : HlsEncoderCmdlet
{
    private HlsEncoderConfiguration? _configuration;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BackendUrl { get; set; }

    [Parameter]
    [ValidateNotNull]
    public SecureString? Token { get; set; }

    [Parameter]
    [ValidateNotNull]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? EnvFile { get; set; }

    /// <summary>The effective settings of this command.</summary>
    protected HlsEncoderConfiguration Configuration => _configuration ?? throw new InvalidOperationException("The settings are read in BeginProcessing.");

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _configuration = LoadConfiguration(OtherSettings());
    }

    /// <summary>Further settings given as this cmdlet's own parameters (e.g. FFMPEG_PATH from -FfmpegPath).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? OtherSettings() => null;

    /// <summary>Reads the effective settings; a broken .env file or conflicting parameters stop the command.</summary>
    private HlsEncoderConfiguration LoadConfiguration(IReadOnlyDictionary<string, string?>? otherParameters)
    {
        if (Token is not null && Credential is not null)
        {
            Fail(ErrorRecords.Create("TokenAndCredential", ErrorCategory.InvalidArgument, "Give the token once: use -Token or -Credential, not both.", null));
        }

        var token = Token is not null ? new NetworkCredential(string.Empty, Token).Password
            : Credential?.GetNetworkCredential().Password;
        AddSecret(token);
        return LoadSettings(
            new Dictionary<string, string?>(otherParameters ?? new Dictionary<string, string?>())
            {
                [SettingNames.BackendUrl] = BackendUrl,
                [SettingNames.AuthToken] = token,
            },
            EnvFile is null ? null : GetUnresolvedProviderPathFromPSPath(EnvFile));
    }
}
