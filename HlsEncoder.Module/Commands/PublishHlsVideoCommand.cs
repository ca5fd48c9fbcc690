using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Net;
using HlsEncoder.Configuration;
using HlsEncoder.Module.Infrastructure;
using HlsEncoder.Module.Parameters;
using HlsEncoder.Module.Remoting;
using HlsEncoder.Packaging;
using HlsEncoder.Publishing;
using HlsEncoder.Transcription;
using HlsEncoder.Validation;

namespace HlsEncoder.Module.Commands;

/// <summary>
/// The whole job in one command: encode, transcribe, upload and register each video, resuming where an
/// earlier run stopped and never creating a second File record. A failing video is one error; the
/// others go on. On one machine the phases overlap: while a video is transcribed, uploaded and registered,
/// the next one already encodes. With -Session the batch spreads over remote sessions, each taking the next video
/// when it is free, while this machine keeps every publication's state and creates every File record.
/// </summary>
[Cmdlet(VerbsData.Publish, "HlsVideo", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PublishResult))]
[SharedParameters(typeof(EncodeParameters), typeof(WhisperModelParameters), typeof(WhisperThreadsParameters), typeof(TranscribeParameters), typeof(FfmpegParameters), typeof(RunLogParameters))]
public sealed class PublishHlsVideoCommand : BackendCmdlet
{
    private const int BatchActivityId = 20;

    /// <summary>How many videos may wait for their upload while the next one encodes.</summary>
    private const int UploadsBehind = 1;

    private readonly OutputPathClaims _outputs = new();
    private readonly List<Task> _completing = [];
    private readonly SemaphoreSlim _completeOneAtATime = new(1, 1);
    private UserDefaults _defaults = new();
    private Transcriber? _transcriber;
    private HlsPublisher? _publisher;
    private FanOut? _fanOut;
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

    [Parameter]
    [ValidateNotNullOrEmpty]
    public PSSession[]? Session { get; set; }

    private EncodeParameters EncodeOptions => Shared<EncodeParameters>();

    protected override IReadOnlyDictionary<string, string?> OtherSettings() => Shared<FfmpegParameters>().Settings(this);

    protected override void BeginProcessingWithBackend()
    {
        if (SkipTranscription && (Shared<TranscribeParameters>().Prompt is not null || Shared<TranscribeParameters>().NoSilenceSkip))
        {
            Fail(ErrorRecords.Create("SkipTranscriptionWithOptions", ErrorCategory.InvalidArgument,
                "-SkipTranscription leaves the transcript out; do not also give -Prompt or -NoSilenceSkip.", null));
        }

        try
        {
            _defaults = UserDefaultsStore.ForCurrentUser().Load();
            if (!SkipTranscription && Session is null)
            {
                _transcriber = TranscriberFactory.Create(this, Configuration, Shared<WhisperModelParameters>(), Shared<WhisperThreadsParameters>().Threads, Log);
            }
        }
        catch (HlsEncoderException e)
        {
            Fail(e);
        }

        _publisher = new HlsPublisher(Backend, _transcriber, Log);
        if (Session is not null)
        {
            _fanOut = StartFanOut(Session);
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var source in ResolveInput(Path, LiteralPath))
        {
            PublishOne(source);
        }
    }

    protected override void EndProcessing()
    {
        _fanOut?.Publisher.Complete();
        WaitForAll();
        WriteProgress(ProgressRecords.Completed(BatchActivityId, "Publish-HlsVideo"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _publisher?.Dispose();
            _transcriber?.Dispose();
            _completeOneAtATime.Dispose();
        }
    }

    private void PublishOne(string source)
    {
        PublishRequest request;
        try
        {
            var target = PublishDefaults.TargetFor(source, CourseId, Name, Language, _defaults, Configuration.DefaultLanguage);
            var layout = KeyLayout is null ? Configuration.KeyLayout : Enum.Parse<S3KeyLayout>(KeyLayout, ignoreCase: true);
            if (Session is not null && layout == S3KeyLayout.Course)
            {
                throw new HlsEncoderException(
                    "SessionNeedsVideoLayout", FailureKind.InvalidArgument,
                    "-Session publishes each video into a folder of its own (-KeyLayout Video). The course layout holds one video per course and language; publish it without -Session.",
                    source);
            }

            request = new PublishRequest
            {
                SourcePath = source,
                Target = target,
                // With -Session, -OutputPath is a folder on the session's host; this machine keeps its state beside the source.
                OutputPath = OutputPath is null || Session is not null ? null : GetUnresolvedProviderPathFromPSPath(OutputPath),
                WorkerOutputPath = Session is null ? null : OutputPath,
                Qualities = EncodeOptions.Quality,
                SegmentDuration = EncodeOptions.SegmentDuration,
                Preset = EncodeOptions.Preset,
                IFramePlaylists = !EncodeOptions.NoIFramePlaylist,
                Downloads = EncodeOptions.Download,
                Poster = !EncodeOptions.NoPoster,
                PosterTime = EncodeOptions.PosterTime,
                Storyboard = !EncodeOptions.NoStoryboard,
                NormalizeLoudness = !EncodeOptions.NoLoudnessNormalization,
                FfmpegPath = Configuration.GetValue(SettingNames.FfmpegPath),
                Transcription = SkipTranscription ? null : Shared<TranscribeParameters>().Request(target.Language),
                ThrottleLimit = ThrottleLimit,
                Layout = layout,
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
        var where = Session is null ? string.Empty : $" on one of {Session.Length} sessions";
        if (!ShouldProcess(source, $"Publish to {folder} as '{request.Target.Name}' (encode{(SkipTranscription ? string.Empty : ", transcribe")}, upload{where}; create the File record)"))
        {
            return;
        }

        _videoNumber++;
        if (_fanOut is not null)
        {
            _fanOut.Add(request, _videoNumber);
            PumpAvailable();
            return;
        }

        PublishHere(request, source);
    }

    /// <summary>
    /// Publishes on this machine, overlapping the phases: this returns (and the next video starts encoding)
    /// once the video is encoded; its transcription, upload and File record follow in the background, one
    /// video at a time. ProcessRecord waits only while more than <see cref="UploadsBehind"/> uploads are behind.
    /// </summary>
    private void PublishHere(PublishRequest request, string source)
    {
        while (Pending(_completing) is { Length: > UploadsBehind } behind)
        {
            Wait(Task.WhenAny(behind));
        }

        var progress = new PublishProgressWriter(this, _videoNumber, System.IO.Path.GetFileName(source));
        var deleteLocal = PublishDefaults.DeleteLocal(MyInvocation.BoundParameters.ContainsKey(nameof(DeleteLocal)) ? DeleteLocal.IsPresent : null, _defaults);
        var prepared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EmitProgress(new ProgressRecord(BatchActivityId, "Publish-HlsVideo", $"Video {_videoNumber}: {System.IO.Path.GetFileName(source)}"));
        var item = StartItem(
            async token =>
            {
                PreparedPublication publication;
                try
                {
                    publication = await _publisher!.PrepareAsync(request, progress, token).ConfigureAwait(false);
                }
                finally
                {
                    prepared.TrySetResult();
                }

                using (publication)
                {
                    await _completeOneAtATime.WaitAsync(token).ConfigureAwait(false);
                    try
                    {
                        return await _publisher.CompleteAsync(publication, token).ConfigureAwait(false);
                    }
                    finally
                    {
                        _completeOneAtATime.Release();
                    }
                }
            },
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
        lock (_completing)
        {
            _completing.Add(item);
        }

        Wait(Task.WhenAny(prepared.Task, item));
    }

    private static Task[] Pending(List<Task> tasks)
    {
        lock (tasks)
        {
            tasks.RemoveAll(t => t.IsCompleted);
            return [.. tasks];
        }
    }

    /// <summary>Gets every session ready (this HlsEncoder version there), then starts the queue over those that are.</summary>
    private FanOut StartFanOut(PSSession[] sessions)
    {
        var duplicate = sessions.GroupBy(s => s.InstanceId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            Fail(ErrorRecords.Create("SessionGivenTwice", ErrorCategory.InvalidArgument,
                $"The session {duplicate.First().Name} to {duplicate.First().ComputerName} is given twice; a session does one video at a time. Open two sessions to a host to run two videos there at once.", duplicate.First()));
        }

        var options = WorkerOptions();
        var workers = sessions.Select(s => new SessionWorker(s, options, Log)).ToArray();
        var ready = new List<SessionWorker>();
        RunAsync(async token =>
        {
            var checks = workers.Select(async worker =>
            {
                try
                {
                    await worker.PrepareAsync(token).ConfigureAwait(false);
                    lock (ready)
                    {
                        ready.Add(worker);
                    }
                }
                catch (HlsEncoderException e)
                {
                    EmitError(e);
                }
                catch (WorkerLostException e)
                {
                    EmitError(new HlsEncoderException("SessionBroken", FailureKind.ConnectionFailed, $"The session to {worker.ComputerName} cannot be used ({e.Message}); open a new one with New-PSSession.", worker.ComputerName, e));
                }
            });
            await Task.WhenAll(checks).ConfigureAwait(false);
        });
        if (ready.Count == 0)
        {
            Fail(ErrorRecords.Create("NoSessionReady", ErrorCategory.ResourceUnavailable,
                $"None of the {sessions.Length} sessions can publish (see the errors above); nothing was published.", sessions));
        }

        ready = [.. workers.Where(ready.Contains)];
        WriteVerbose($"Publishing over {ready.Count} sessions: {string.Join(", ", ready.Select(w => w.ComputerName))}.");
        var fanOut = new FanOut(this, ready);
        StartWork(token => fanOut.Publisher.RunAsync(token));
        return fanOut;
    }

    /// <summary>What each session gets: the backend (the token as a SecureString), and the options given, as its host sees them.</summary>
    private SessionWorkerOptions WorkerOptions()
    {
        var backend = Configuration.GetBackendOptions();
        var settings = new Dictionary<string, string>();
        foreach (var name in new[] { SettingNames.PresignExactEndpoint, SettingNames.FileCreateEndpoint, SettingNames.AuthValidateEndpoint, SettingNames.RequestTimeoutSeconds })
        {
            if (Configuration.GetValue(name) is { } value)
            {
                settings[name] = value;
            }
        }

        var model = Shared<WhisperModelParameters>();
        var module = MyInvocation.MyCommand.Module;
        return new SessionWorkerOptions
        {
            ModuleVersion = module?.Version ?? new Version(0, 0),
            ModuleBase = module?.ModuleBase ?? string.Empty,
            BackendUrl = backend.BaseUrl.ToString(),
            Token = new NetworkCredential(string.Empty, Configuration.GetValue(SettingNames.AuthToken)).SecurePassword,
            Settings = settings,
            Model = model.Model,
            ModelName = model.ModelName,
            Threads = Shared<WhisperThreadsParameters>().Threads,
            FfmpegPath = Shared<FfmpegParameters>().FfmpegPath,
            DeleteLocal = PublishDefaults.DeleteLocal(MyInvocation.BoundParameters.ContainsKey(nameof(DeleteLocal)) ? DeleteLocal.IsPresent : null, _defaults),
            Verbose = Shows("Verbose", "VerbosePreference"),
            Debug = Shows("Debug", "DebugPreference"),
        };
    }

    /// <summary>Whether this command shows a stream (-Verbose, -Debug, or the preference variable), so the hosts' commands write it too.</summary>
    private bool Shows(string parameter, string preference) =>
        MyInvocation.BoundParameters.TryGetValue(parameter, out var given)
            ? given is SwitchParameter { IsPresent: true }
            // A preference set in a script is often a plain string ('Continue'); PowerShell converts it when it reads it.
            : LanguagePrimitives.TryConvertTo(GetVariableValue(preference), out ActionPreference value) && value is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);

    /// <summary>The video's error, saying which video it is about.</summary>
    private static HlsEncoderException WithSource(HlsEncoderException e, string source)
    {
        var fileName = System.IO.Path.GetFileName(source);
        return new(e.ErrorId, e.Kind, e.Message.Contains(fileName, StringComparison.Ordinal) ? e.Message : $"{fileName}: {e.Message}", e.Target ?? source, e);
    }

    /// <summary>
    /// One overall bar per video, with the converter's phase split, and a child bar for the phase. Each video
    /// has bars of its own, since one uploads while the next encodes.
    /// </summary>
    private sealed class PublishProgressWriter(HlsEncoderCmdlet cmdlet, int number, string fileName, string? host = null) : IProgress<PublishProgress>
    {
        private readonly int _videoActivityId = BatchActivityId + (2 * number);
        private readonly string _activity = host is null ? $"Publishing {fileName} (video {number})" : $"{host}: publishing {fileName} (video {number})";
        private PublishPhase? _phase;

        private int PhaseActivityId => _videoActivityId + 1;

        public void Report(PublishProgress value)
        {
            // Each phase's start and end are always shown (55, 75, 95, 98, 100), however quickly a phase went by.
            var milestone = _phase != value.Phase || value.PhasePercent >= 100;
            _phase = value.Phase;
            cmdlet.EmitProgress(
                new ProgressRecord(_videoActivityId, _activity, $"{value.Phase} ({value.Percent}%)") { PercentComplete = value.Percent, ParentActivityId = BatchActivityId },
                milestone);
            cmdlet.EmitProgress(new ProgressRecord(PhaseActivityId, value.Phase.ToString(), value.Detail)
            {
                ParentActivityId = _videoActivityId,
                PercentComplete = (int)Math.Clamp(value.PhasePercent, 0, 100),
                SecondsRemaining = ProgressRecords.SecondsRemaining(value.PhaseTimeLeft),
            });
        }

        public void Complete()
        {
            cmdlet.EmitProgress(ProgressRecords.Completed(PhaseActivityId, "Publish", _videoActivityId));
            cmdlet.EmitProgress(ProgressRecords.Completed(_videoActivityId, _activity, BatchActivityId));
        }
    }

    /// <summary>The batch over sessions: its queue, a bar per video on the host that has it, and the batch bar that counts the videos done.</summary>
    private sealed class FanOut
    {
        private readonly PublishHlsVideoCommand _cmdlet;
        private readonly int _sessions;
        private readonly Dictionary<PublishRequest, (int Number, PublishProgressWriter? Bar)> _videos = [];
        private int _queued;
        private int _done;

        public FanOut(PublishHlsVideoCommand cmdlet, IReadOnlyList<SessionWorker> workers)
        {
            _cmdlet = cmdlet;
            _sessions = workers.Count;
            Publisher = new FanOutPublisher(cmdlet._publisher!, workers, Progress, cmdlet.Log);
        }

        public FanOutPublisher Publisher { get; }

        public void Add(PublishRequest request, int number)
        {
            lock (_videos)
            {
                _videos[request] = (number, null);
                _queued++;
            }

            ShowBatch();
            // Queued now, on the pipeline thread: EndProcessing completes the queue after the last video is in it.
            var published = Publisher.Enqueue(request);
            _cmdlet.StartItem(
                _ => published,
                describeError: e => WithSource(e, request.SourcePath),
                whenDone: () => Done(request));
        }

        /// <summary>The video's bar on the line of the host that took it (again, when it went back to the queue).</summary>
        private IProgress<PublishProgress> Progress(IPublishWorker worker, PublishRequest request)
        {
            lock (_videos)
            {
                var (number, earlier) = _videos[request];
                earlier?.Complete();
                var bar = new PublishProgressWriter(_cmdlet, number, System.IO.Path.GetFileName(request.SourcePath), worker.ComputerName);
                _videos[request] = (number, bar);
                return bar;
            }
        }

        private void Done(PublishRequest request)
        {
            lock (_videos)
            {
                _done++;
                if (_videos.Remove(request, out var video))
                {
                    video.Bar?.Complete();
                }
            }

            ShowBatch();
        }

        private void ShowBatch()
        {
            int done, queued;
            lock (_videos)
            {
                (done, queued) = (_done, _queued);
            }

            _cmdlet.EmitProgress(
                new ProgressRecord(BatchActivityId, $"Publishing over {_sessions} sessions ({Publisher.WorkersLeft} working)", $"{done} of {queued} videos done")
                {
                    PercentComplete = queued == 0 ? 0 : 100 * done / queued,
                },
                milestone: true);
        }
    }
}
