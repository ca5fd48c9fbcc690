using System.Management.Automation;
using HlsEncoder.Backend;

namespace HlsEncoder.Module.Commands;

/// <summary>
/// Checks, with one request, that the backend is reachable and accepts the token as an admin's. Like
/// Test-Path it reports rather than fails: every outcome is a result, and -Quiet gives $true/$false.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "BackendConnection")]
[OutputType(typeof(BackendConnectionResult))]
[OutputType(typeof(bool))]
public sealed class TestBackendConnectionCommand : BackendCmdlet
{
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void EndProcessing()
    {
        var configuration = LoadConfiguration();
        BackendConnectionResult? result = null;
        try
        {
            using var client = new BackendClient(configuration.GetBackendOptions(), Log);
            RunAsync(async token => result = await client.TestConnectionAsync(token).ConfigureAwait(false));
        }
        catch (HlsEncoderException e) when (e.Kind == FailureKind.InvalidConfiguration)
        {
            result = new BackendConnectionResult
            {
                Status = BackendConnectionStatus.InvalidConfiguration,
                BackendUrl = configuration.GetValue(Configuration.SettingNames.BackendUrl) is { } url ? Redact(url) : null,
                Message = Redact(e.Message),
            };
        }

        WriteVerbose(result!.Message);
        WriteObject(Quiet ? result.IsTokenValid : result);
    }
}
