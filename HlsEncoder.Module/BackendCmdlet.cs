using HlsEncoder.Backend;
using HlsEncoder.Configuration;
using HlsEncoder.Module.Infrastructure;

namespace HlsEncoder.Module;

/// <summary>
/// A cmdlet that talks to the backend, with the settings of <see cref="SettingsCmdlet"/>. A template
/// method, as PSOpenAD's session base does: BeginProcessing reads the settings and builds the command's
/// one backend client, then calls <see cref="BeginProcessingWithBackend"/>; the client is disposed with
/// the cmdlet. No cmdlet builds or disposes a client itself.
/// </summary>
public abstract class BackendCmdlet : SettingsCmdlet
{
    private BackendClient? _backend;

    /// <summary>The command's backend client.</summary>
    protected BackendClient Backend => _backend ?? throw new InvalidOperationException("The backend client is built in BeginProcessing.");

    /// <summary>
    /// Why the settings cannot make a backend client (no BACKEND_URL, a malformed one, no token), when the
    /// command says <see cref="AcceptsUnusableBackend"/>; the others stop with a terminating error instead.
    /// </summary>
    protected HlsEncoderException? BackendProblem { get; private set; }

    /// <summary>True for a command that reports an unusable backend as its result rather than failing (Test-BackendConnection).</summary>
    protected virtual bool AcceptsUnusableBackend => false;

    protected sealed override void BeginProcessing()
    {
        base.BeginProcessing();
        try
        {
            var options = Configuration.GetBackendOptions();
            WriteVerbose($"Backend: {options.BaseUrl} (BACKEND_URL from {Configuration.GetSource(SettingNames.BackendUrl)}, AUTH_TOKEN from {Configuration.GetSource(SettingNames.AuthToken)}).");
            _backend = new BackendClient(options, Log);
        }
        catch (HlsEncoderException e) when (AcceptsUnusableBackend && e.Kind == FailureKind.InvalidConfiguration)
        {
            BackendProblem = e;
        }
        catch (HlsEncoderException e)
        {
            Fail(e);
        }

        BeginProcessingWithBackend();
    }

    /// <summary>What the command does before its first item, once the settings are read and the client is built.</summary>
    protected virtual void BeginProcessingWithBackend()
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _backend?.Dispose();
            _backend = null;
        }

        base.Dispose(disposing);
    }
}
