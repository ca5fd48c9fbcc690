using System.Management.Automation;
using HlsEncoder.Configuration;
using HlsEncoder.Module.Infrastructure;

namespace HlsEncoder.Module.Commands;

/// <summary>Shows the values Set-HlsEncoderDefault remembered, and the file they are kept in.</summary>
[Cmdlet(VerbsCommon.Get, "HlsEncoderDefault")]
[OutputType(typeof(UserDefaults))]
public sealed class GetHlsEncoderDefaultCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        try
        {
            WriteObject(UserDefaultsStore.ForCurrentUser().Load());
        }
        catch (HlsEncoderException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, m => m));
        }
    }
}
