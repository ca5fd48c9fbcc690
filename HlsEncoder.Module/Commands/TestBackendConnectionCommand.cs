using System.Management.Automation;
using HlsEncoder.Backend;
using HlsEncoder.Configuration;

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

    protected override bool AcceptsUnusableBackend => true;

    protected override void EndProcessing()
    {
        BackendConnectionResult? result = null;
        if (BackendProblem is { } problem)
        {
            result = new BackendConnectionResult
            {
                Status = BackendConnectionStatus.InvalidConfiguration,
                BackendUrl = Configuration.GetValue(SettingNames.BackendUrl) is { } url ? Redact(url) : null,
                Message = Redact(problem.Message),
            };
        }
        else
        {
            RunAsync(async token => result = await Backend.TestConnectionAsync(token).ConfigureAwait(false));
        }

        WriteVerbose(result!.Message);
        WriteObject(Quiet ? result.IsTokenValid : result);
    }
}
