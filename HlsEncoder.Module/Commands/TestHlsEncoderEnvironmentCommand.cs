using System.Management.Automation;
using HlsEncoder.Configuration;
using HlsEncoder.Diagnostics;
using HlsEncoder.Module.Infrastructure;
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
public sealed class TestHlsEncoderEnvironmentCommand : BackendCmdlet
{
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? FfmpegPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Model { get; set; }

    [Parameter]
    [ValidateWhisperModelName]
    [ArgumentCompleter(typeof(WhisperModelNameCompleter))]
    public string? ModelName { get; set; }

    [Parameter]
    public SwitchParameter SkipModel { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override bool AcceptsUnusableBackend => true;

    protected override IReadOnlyDictionary<string, string?>? OtherSettings() => new Dictionary<string, string?>
    {
        [SettingNames.FfmpegPath] = FfmpegPath is null ? null : GetUnresolvedProviderPathFromPSPath(FfmpegPath),
    };

    protected override void EndProcessing()
    {
        if (Model is not null && ModelName is not null)
        {
            ThrowTerminatingError(ErrorRecords.Create("ModelParametersConflict", ErrorCategory.InvalidArgument,
                "Give either -Model (a model file) or -ModelName (a model in the model cache), not both.", null));
        }

        if (SkipModel && (Model is not null || ModelName is not null))
        {
            ThrowTerminatingError(ErrorRecords.Create("SkipModelWithModel", ErrorCategory.InvalidArgument,
                "-SkipModel leaves the Whisper model out; do not also name one with -Model or -ModelName.", null));
        }

        var request = new EnvironmentCheckRequest
        {
            FfmpegPath = Configuration.GetValue(SettingNames.FfmpegPath),
            SkipModel = SkipModel,
            ModelPath = ProviderPath(Model),
            ModelName = ModelName,
            ModelSettingPath = ProviderPath(Configuration.GetValue(SettingNames.WhisperModelPath)),
            ModelCacheFolder = WhisperModelCache.ResolveFolder(ProviderPath(Configuration.GetValue(SettingNames.WhisperModelDir))),
            Backend = BackendProblem is null ? Backend : null,
            BackendProblem = BackendProblem?.Message,
            WorkFolder = WorkFolder(),
            StateFolderPath = StateFolder.ForCurrentUser(),
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
            ThrowTerminatingError(problem ?? ErrorRecords.Create("PathNotResolved", ErrorCategory.InvalidArgument, $"Cannot resolve '{Path}'.", Path));
        }

        return resolved[0];
    }

    private string? ProviderPath(string? path) => path is null ? null : GetUnresolvedProviderPathFromPSPath(path);
}
