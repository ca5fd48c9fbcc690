using System.Management.Automation;
using HlsEncoder.Configuration;
using HlsEncoder.Ladder;
using HlsEncoder.Module.Infrastructure;
using HlsEncoder.Module.Parameters;
using HlsEncoder.Packaging;
using HlsEncoder.Publishing;
using HlsEncoder.Transcription;
using HlsEncoder.Validation;

namespace HlsEncoder.Module.Commands;

/// <summary>
/// The whole job in one command: encode, transcribe, upload and register each video, resuming where an
/// earlier run stopped and never creating a second File record. A failing video is one error; the
/// others go on.
/// </summary>
[Cmdlet(VerbsData.Publish, "HlsVideo", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PublishResult))]
[SharedParameters(typeof(EncodeParameters), typeof(WhisperModelParameters), typeof(WhisperThreadsParameters), typeof(FfmpegParameters), typeof(RunLogParameters))]
public sealed class PublishHlsVideoCommand : BackendCmdlet
{
    private const int JobActivityId = 21;
    private const int PhaseActivityId = 22;

    private readonly OutputPathClaims _outputs = new();
    private UserDefaults _defaults = new();
    private Transcriber? _transcriber;
    private HlsPublisher? _publisher;
    private int _videoNumber;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateCourseId]
    public string? CourseId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateVideoName]
    public string? Name { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateLanguage]
    [ArgumentCompleter(typeof(LanguageCompleter))]
    public string? Language { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? OutputPath { get; set; }

    // A string, not the engine's enum: a cmdlet's field of a value type from the engine would need the
    // engine loaded to lay the class out, which PowerShell does before the module's resolver is in place.
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet(nameof(S3KeyLayout.Video), nameof(S3KeyLayout.Course), IgnoreCase = true)]
    public string? KeyLayout { get; set; }

    [Parameter]
    public SwitchParameter SkipTranscription { get; set; }

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = Upload.UploadRequest.DefaultThrottleLimit;

    [Parameter]
    public SwitchParameter DeleteLocal { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    private EncodeParameters EncodeOptions => Shared<EncodeParameters>();

    protected override IReadOnlyDictionary<string, string?> OtherSettings() => Shared<FfmpegParameters>().Settings(this);

    protected override void BeginProcessingWithBackend()
    {
        try
        {
            _defaults = UserDefaultsStore.ForCurrentUser().Load();
            if (!SkipTranscription)
            {
                _transcriber = TranscriberFactory.Create(this, Configuration, Shared<WhisperModelParameters>(), Shared<WhisperThreadsParameters>().Threads, Log);
            }
        }
        catch (HlsEncoderException e)
        {
            Fail(e);
        }

        _publisher = new HlsPublisher(Backend, _transcriber, Log);
    }

    protected override void ProcessRecord()
    {
        foreach (var source in ResolveInput(Path, LiteralPath))
        {
            PublishOne(source);
        }
    }

    protected override void EndProcessing() => WriteProgress(ProgressRecords.Completed(JobActivityId, "Publish-HlsVideo"));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _publisher?.Dispose();
            _transcriber?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void PublishOne(string source)
    {
        PublishRequest request;
        try
        {
            var target = PublishDefaults.TargetFor(source, CourseId, Name, Language, _defaults, Configuration.DefaultLanguage);
            var outputPath = OutputPath is null ? null : GetUnresolvedProviderPathFromPSPath(OutputPath);
            request = new PublishRequest
            {
                SourcePath = source,
                Target = target,
                OutputPath = outputPath,
                Qualities = EncodeOptions.Quality,
                SegmentDuration = EncodeOptions.SegmentDuration,
                Preset = EncodeOptions.Preset,
                FfmpegPath = Configuration.GetValue(SettingNames.FfmpegPath),
                Transcription = SkipTranscription ? null : new TranscriptionRequest { Language = target.Language },
                ThrottleLimit = ThrottleLimit,
                Layout = KeyLayout is null ? Configuration.KeyLayout : Enum.Parse<S3KeyLayout>(KeyLayout, ignoreCase: true),
                Force = Force,
            };
            _outputs.Claim(source, request.ResolveOutputPath());
        }
        catch (HlsEncoderException e)
        {
            EmitError(WithSource(e, source));
            return;
        }

        var slug = VideoKey.Slug(request.Target.Name);
        var folder = request.Layout == S3KeyLayout.Course ? request.Target.LanguagePrefix : $"{request.Target.LanguagePrefix}{(slug.Length > 0 ? slug + "-" : string.Empty)}<content hash>/";
        if (!ShouldProcess(source, $"Publish to {folder} as '{request.Target.Name}' (encode{(SkipTranscription ? string.Empty : ", transcribe")}, upload, create the File record)"))
        {
            return;
        }

        _videoNumber++;
        var progress = new PublishProgressWriter(this, _videoNumber, System.IO.Path.GetFileName(source));
        var deleteLocal = PublishDefaults.DeleteLocal(MyInvocation.BoundParameters.ContainsKey(nameof(DeleteLocal)) ? DeleteLocal.IsPresent : null, _defaults);
        RunItem(
            token => _publisher!.PublishAsync(request, progress, token),
            afterWritten: async result =>
            {
                if (deleteLocal && Directory.Exists(result.PackagePath)
                    && await ShouldProcessAsync(result.PackagePath, "Delete the local package (published and verified)").ConfigureAwait(false))
                {
                    _publisher!.DeleteLocal(result);
                }
            },
            describeError: e => WithSource(e, source),
            whenDone: progress.Complete);
    }

    /// <summary>The video's error, saying which video it is about.</summary>
    private static HlsEncoderException WithSource(HlsEncoderException e, string source)
    {
        var fileName = System.IO.Path.GetFileName(source);
        return new(e.ErrorId, e.Kind, e.Message.Contains(fileName, StringComparison.Ordinal) ? e.Message : $"{fileName}: {e.Message}", e.Target ?? source, e);
    }

    /// <summary>One overall bar per video, with the converter's phase split, and a child bar for the phase.</summary>
    private sealed class PublishProgressWriter(PublishHlsVideoCommand cmdlet, int number, string fileName) : IProgress<PublishProgress>
    {
        private PublishPhase? _phase;

        public void Report(PublishProgress value)
        {
            // Each phase's start and end are always shown (55, 75, 95, 98, 100), however quickly a phase went by.
            var milestone = _phase != value.Phase || value.PhasePercent >= 100;
            _phase = value.Phase;
            cmdlet.EmitProgress(
                new ProgressRecord(JobActivityId, $"Publishing {fileName} (video {number})", $"{value.Phase} ({value.Percent}%)") { PercentComplete = value.Percent },
                milestone);
            cmdlet.EmitProgress(new ProgressRecord(PhaseActivityId, value.Phase.ToString(), value.Detail)
            {
                ParentActivityId = JobActivityId,
                PercentComplete = (int)Math.Clamp(value.PhasePercent, 0, 100),
                SecondsRemaining = ProgressRecords.SecondsRemaining(value.PhaseTimeLeft),
            });
        }

        public void Complete()
        {
            cmdlet.EmitProgress(ProgressRecords.Completed(PhaseActivityId, "Publish", JobActivityId));
            cmdlet.EmitProgress(ProgressRecords.Completed(JobActivityId, $"Publishing {fileName} (video {number})"));
        }
    }
}
