using System.Management.Automation;
using HlsEncoder.Configuration;
using HlsEncoder.Diagnostics;
using HlsEncoder.Module.Infrastructure;
using HlsEncoder.Module.Parameters;
using HlsEncoder.Transcription;

namespace HlsEncoder.Module.Commands;

/// <summary>
/// Checks that this machine can run HlsEncoder: ffmpeg and its features, the Whisper model, the backend
/// and token, disk space, the state and config folders, and how children are tied to the process. One
/// result per check, each failure or warning with what to do; like Test-Path it reports rather than
/// fails, and -Quiet gives $true when nothing failed. Only bad parameters stop it.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "HlsEncoderEnvironment")]
[OutputType(typeof(EnvironmentCheck))]
[OutputType(typeof(bool))]
[SharedParameters(typeof(FfmpegParameters), typeof(WhisperModelParameters))]
public sealed class TestHlsEncoderEnvironmentCommand : BackendCmdlet
{
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    public SwitchParameter SkipModel { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override bool AcceptsUnusableBackend => true;

    protected override IReadOnlyDictionary<string, string?>? OtherSettings() => Shared<FfmpegParameters>().Settings(this);

    protected override void EndProcessing()
    {
        var (model, modelName) = (Shared<WhisperModelParameters>().Model, Shared<WhisperModelParameters>().ModelName);
        if (model is not null && modelName is not null)
        {
            Fail(ErrorRecords.Create("ModelParametersConflict", ErrorCategory.InvalidArgument,
                "Give either -Model (a model file) or -ModelName (a model in the model cache), not both.", null));
        }

        if (SkipModel && (model is not null || modelName is not null))
        {
            Fail(ErrorRecords.Create("SkipModelWithModel", ErrorCategory.InvalidArgument,
                "-SkipModel leaves the Whisper model out; do not also name one with -Model or -ModelName.", null));
        }

        var request = new EnvironmentCheckRequest
        {
            FfmpegPath = Configuration.GetValue(SettingNames.FfmpegPath),
            SkipModel = SkipModel,
            ModelPath = PathResolver.ProviderPath(this, model),
            ModelName = modelName,
            ModelSettingPath = PathResolver.ProviderPath(this, Configuration.GetValue(SettingNames.WhisperModelPath)),
            ModelCacheFolder = WhisperModelCache.ResolveFolder(PathResolver.ProviderPath(this, Configuration.GetValue(SettingNames.WhisperModelDir))),
            Backend = BackendProblem is null ? Backend : null,
            BackendProblem = BackendProblem?.Message,
            WorkFolder = WorkFolder(),
            StateFolderPath = UserFolders.For(UserFolderKind.State),
            Defaults = UserDefaultsStore.ForCurrentUser(),
        };

        var checks = new List<EnvironmentCheck>();
        var checker = new EnvironmentChecker(Log);
        RunAsync(async token =>
        {
            await foreach (var check in checker.RunAsync(request, token).ConfigureAwait(false))
            {
                var shown = check with { Detail = Redact(check.Detail), Fix = check.Fix is null ? null : Redact(check.Fix) };
                checks.Add(shown);
                if (!Quiet)
                {
                    Emit(shown);
                }
            }
        });

        if (Quiet)
        {
            WriteObject(checks.TrueForAll(c => c.Status != EnvironmentCheckStatus.Failed));
        }
    }

    /// <summary>-Path as a file-system path (the current location when not given); another provider's path is a bad parameter.</summary>
    private string WorkFolder()
    {
        if (Path is null)
        {
            return SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        }

        ErrorRecord? problem = null;
        var resolved = PathResolver.Resolve(this, [Path], literal: true, error => problem ??= error).ToArray();
        if (problem is not null || resolved.Length != 1)
        {
            Fail(problem ?? ErrorRecords.Create("PathNotResolved", ErrorCategory.InvalidArgument, $"Cannot resolve '{Path}'.", Path));
        }

        return resolved[0];
    }
}
