using System.Management.Automation;
using HlsEncoder.Configuration;
using HlsEncoder.Module.Infrastructure;

namespace HlsEncoder.Module.Commands;

/// <summary>
/// Remembers non-secret values (course id, video name, language, delete-local) that Publish-HlsVideo
/// uses when its parameters are not given. A secret is never stored: there is no parameter for one.
/// </summary>
[Cmdlet(VerbsCommon.Set, "HlsEncoderDefault", DefaultParameterSetName = SetSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(UserDefaults))]
public sealed class SetHlsEncoderDefaultCommand : PSCmdlet
{
    private const string SetSet = "Set";
    private const string ClearSet = "Clear";

    [Parameter(ParameterSetName = SetSet)]
    [ValidateCourseId]
    public string? CourseId { get; set; }

    [Parameter(ParameterSetName = SetSet)]
    [ValidateVideoName]
    public string? Name { get; set; }

    [Parameter(ParameterSetName = SetSet)]
    [ValidateLanguage]
    [ArgumentCompleter(typeof(LanguageCompleter))]
    public string? Language { get; set; }

    [Parameter(ParameterSetName = SetSet)]
    public SwitchParameter DeleteLocal { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ClearSet)]
    public SwitchParameter Clear { get; set; }

    [Parameter(ParameterSetName = SetSet)]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var store = UserDefaultsStore.ForCurrentUser();
        try
        {
            if (Clear)
            {
                if (ShouldProcess(store.Path, "Forget every HlsEncoder default"))
                {
                    store.Clear();
                }

                return;
            }

            var updated = store.Load().With(CourseId, Name, Language, MyInvocation.BoundParameters.ContainsKey(nameof(DeleteLocal)) ? DeleteLocal.IsPresent : null);
            if (ShouldProcess(store.Path, "Save HlsEncoder defaults"))
            {
                store.Save(updated);
                WriteVerbose($"Saved the defaults in {store.Path}.");
                if (PassThru)
                {
                    WriteObject(updated);
                }
            }
        }
        catch (HlsEncoderException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, m => m));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(ErrorRecords.Create("DefaultsNotSaved", ErrorCategory.WriteError,
                $"The defaults could not be {(Clear ? "cleared from" : "saved in")} {store.Path}: {e.Message} Check that the folder is writable.", store.Path));
        }
    }
}
