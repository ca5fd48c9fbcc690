using HlsEncoder.Backend;
using HlsEncoder.Encoding;
using HlsEncoder.Packaging;
using HlsEncoder.Transcription;
using HlsEncoder.Upload;

namespace HlsEncoder.Publishing;

/// <summary>
/// The whole job for one video: encode, transcribe, upload, create the File record. Each phase that an
/// earlier run finished is skipped (the package is up to date, the transcript is there, the files are
/// uploaded), and the record's id is kept in the publish state, so a re-run after a crash, Ctrl+C or a
/// failure never creates a second File record.
/// </summary>
public sealed class HlsPublisher : IDisposable
{
    private readonly BackendClient _backend;
    private readonly Transcriber? _transcriber;
    private readonly IOperationLog _log;
    private readonly TimeProvider _time;
    private readonly HlsLadderEncoder _encoder;
    private readonly HlsUploader _uploader;

    /// <param name="transcriber">Null when no video of this run is transcribed.</param>
    public HlsPublisher(BackendClient backend, Transcriber? transcriber, IOperationLog? log = null, TimeProvider? timeProvider = null, Resilience.RetrySchedule? schedule = null)
    {
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _transcriber = transcriber;
        _log = log ?? NullOperationLog.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _encoder = new HlsLadderEncoder(_log, _time);
        _uploader = new HlsUploader(backend, _log, _time, schedule);
    }

    public async Task<PublishResult> PublishAsync(PublishRequest request, IProgress<PublishProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Transcription is not null && _transcriber is null)
        {
            throw new ArgumentException("A transcription was asked for but the publisher has no transcriber.", nameof(request));
        }

        var started = _time.GetTimestamp();
        var source = SourceFile.Require(Path.GetFullPath(request.SourcePath));
        var packagePath = request.ResolveOutputPath();
        using var packageLock = PackageLock.Hold(
            packagePath, $"publishing {source.Name} as '{request.Target.Name}' to course {request.Target.CourseId} ({request.Target.Language})", "PublicationInProgress", _log, _time);
        var store = new PublishStateStore(packagePath);
        var fileName = source.Name;
        var state = Resume(store.Load(), source, request, store.Path);
        if (state.IsPublished)
        {
            _log.Verbose($"{fileName}: already published as File record {state.FileRecord!.Id} ({state.Prefix}); nothing to do. Use -Force to publish it again.");
            return Result(state, source, packagePath, alreadyPublished: true, PublishTimings.None);
        }

        var report = new PhaseReporter(source.FullName, progress);
        _log.Verbose($"{fileName}: encoding into {packagePath} ({string.Join(", ", request.Qualities)}).");
        var phase = _time.GetTimestamp();
        var package = await _encoder.EncodeAsync(
            new EncodeRequest
            {
                SourcePath = source.FullName,
                OutputPath = packagePath,
                Qualities = request.Qualities,
                SegmentDuration = request.SegmentDuration,
                Preset = request.Preset,
                FfmpegPath = request.FfmpegPath,
            },
            report.For<EncodeProgress>(PublishPhase.Encoding, p => (p.Percent, $"Encoding {fileName}: {p}", p.TimeLeft)),
            cancellationToken).ConfigureAwait(false);
        var encoding = _time.GetElapsedTime(phase);
        state.EncodedAt ??= _time.GetUtcNow();
        store.Save(state);

        phase = _time.GetTimestamp();
        if (request.Transcription is { } transcription)
        {
            _log.Verbose($"{fileName}: transcribing ({transcription.Language}, model {_transcriber!.ModelName}).");
            package = await _transcriber.TranscribePackageAsync(
                package,
                transcription,
                report.For<TranscriptionProgress>(PublishPhase.Transcription, p => (p.Percent, $"Transcribing {fileName}: {p}", p.TimeLeft)),
                cancellationToken).ConfigureAwait(false);
            state.TranscribedAt ??= _time.GetUtcNow();
            store.Save(state);
        }
        else
        {
            _log.Verbose($"{fileName}: no transcription (-SkipTranscription).");
        }

        var transcribing = _time.GetElapsedTime(phase);
        phase = _time.GetTimestamp();
        _log.Verbose($"{fileName}: uploading to {request.Target.Prefix}.");
        var upload = await _uploader.UploadAsync(
            new UploadRequest { Package = package, Target = request.Target, ThrottleLimit = request.ThrottleLimit, Force = request.Force },
            report.For<UploadProgress>(PublishPhase.Upload, p => (p.PercentComplete, $"Uploading {p.CurrentNumber}/{p.FilesTotal} ({p.CurrentFile})", p.Remaining)),
            cancellationToken).ConfigureAwait(false);
        if (!upload.IsComplete)
        {
            throw new HlsEncoderException(
                "UploadIncomplete", FailureKind.OperationFailed,
                $"{fileName}: {upload.Failed} of {upload.Failed + upload.Uploaded + upload.Skipped} files did not reach {upload.Prefix} ({string.Join("; ", upload.FailedFiles.Take(3))}{(upload.Failed > 3 ? "; ..." : string.Empty)}). Run the same command again to resume; no File record was created.",
                upload);
        }

        var uploading = _time.GetElapsedTime(phase);
        state.UploadedAt ??= _time.GetUtcNow();
        store.Save(state);
        _log.Verbose($"{fileName}: {upload.Uploaded} files uploaded ({upload.Bytes / 1048576.0:0.#} MB), {upload.Skipped} already there.");

        phase = _time.GetTimestamp();
        _log.Verbose($"{fileName}: creating the File record '{request.Target.Name}'.");
        report.Report(PublishPhase.FileRecord, 0, $"Creating the File record for '{request.Target.Name}'", null);
        var record = await CreateRecordOnceAsync(state, store, request, package, upload, cancellationToken).ConfigureAwait(false);
        var recording = _time.GetElapsedTime(phase);
        report.Report(PublishPhase.FileRecord, 100, $"File record {record.Id} created", null);

        state.CompletedAt = _time.GetUtcNow();
        store.Save(state);
        report.Report(PublishPhase.Complete, 100, $"Published {fileName}", null);
        _log.Verbose($"{fileName}: published as File record {record.Id}{(record.MasterUrl is null ? string.Empty : $", playing from {record.MasterUrl}")}.");
        return Result(state, source, packagePath, alreadyPublished: false,
            new PublishTimings(encoding, transcribing, uploading, recording, _time.GetElapsedTime(started)));
    }

    /// <summary>Removes the local package once published; the publish state beside it stays, so a re-run still knows.</summary>
    public void DeleteLocal(PublishResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (Directory.Exists(result.PackagePath))
        {
            Directory.Delete(result.PackagePath, recursive: true);
            _log.Verbose($"Deleted {result.PackagePath}.");
        }
    }

    public void Dispose() => _uploader.Dispose();

    private async Task<FileRecord> CreateRecordOnceAsync(PublishState state, PublishStateStore store, PublishRequest request, HlsPackage package, UploadResult upload, CancellationToken cancellationToken)
    {
        if (state.FileRecord is { } existing)
        {
            _log.Verbose($"The File record {existing.Id} was created by an earlier run; not creating another.");
            return existing;
        }

        if (state.FileRecordRequestedAt is { } earlier)
        {
            _log.Warning($"An earlier run was stopped while it was creating the File record for '{request.Target.Name}' ({earlier:u}); if the admin panel now shows two records for it, delete one.");
        }

        var body = FileRecordRequest.Create(request.Target, upload.S3Keys, package.Duration, package.Qualities);
        state.FileRecordRequestedAt = _time.GetUtcNow();
        store.Save(state);
        var record = await _backend.CreateFileRecordAsync(body, cancellationToken).ConfigureAwait(false);
        state.FileRecord = record with { MasterUrl = upload.MasterUrl };
        store.Save(state);
        return state.FileRecord;
    }

    /// <summary>The state to carry on from, or a refusal when the saved one is for another target or a published older source.</summary>
    private PublishState Resume(PublishState? saved, FileInfo source, PublishRequest request, string statePath)
    {
        var target = request.Target;
        var fingerprint = SourceFingerprint.Of(source);
        var fresh = new PublishState
        {
            SourcePath = fingerprint.Path,
            SourceSize = fingerprint.Size,
            SourceLastWriteTimeUtc = fingerprint.LastWriteTimeUtc,
            CourseId = target.CourseId,
            Language = target.Language,
            Name = target.Name,
            Prefix = target.Prefix,
        };
        if (saved is null)
        {
            return fresh;
        }

        var sameTarget = saved.Prefix == target.Prefix && saved.Name == target.Name;
        if (request.Force)
        {
            if (saved.IsPublished)
            {
                _log.Warning($"{source.Name} was published as File record {saved.FileRecord!.Id}; -Force publishes it again and creates another record.");
            }

            return fresh;
        }

        if (!sameTarget)
        {
            var what = saved.IsPublished ? $"was published as File record {saved.FileRecord!.Id}" : "is being published";
            throw new HlsEncoderException(
                "PublishTargetMismatch", FailureKind.ResourceExists,
                $"{source.Name} {what} to {saved.Prefix} as '{saved.Name}', not to {target.Prefix} as '{target.Name}' ({statePath}). Check -CourseId, -Language and -Name; to publish it there anyway, add -Force.",
                source.FullName);
        }

        if (!saved.IsFor(source))
        {
            if (saved.IsPublished)
            {
                throw new HlsEncoderException(
                    "SourceChangedSincePublished", FailureKind.ResourceExists,
                    $"{source.Name} changed since it was published as File record {saved.FileRecord!.Id}. To publish the new version (a new File record; the old one stays until an admin removes it), add -Force.",
                    source.FullName);
            }

            _log.Verbose($"{source.Name} changed since the interrupted run; it is encoded again.");
            return fresh;
        }

        if (!saved.IsPublished)
        {
            _log.Verbose($"{source.Name}: resuming an interrupted run (encoded {(saved.EncodedAt is null ? "no" : "yes")}, uploaded {(saved.UploadedAt is null ? "no" : "yes")}, File record {(saved.FileRecord is null ? "not yet" : saved.FileRecord.Id)}).");
        }

        return saved;
    }

    private static PublishResult Result(PublishState state, FileInfo source, string packagePath, bool alreadyPublished, PublishTimings timings) => new()
    {
        FileRecord = state.FileRecord!,
        SourcePath = source.FullName,
        PackagePath = packagePath,
        AlreadyPublished = alreadyPublished,
        Timings = timings,
    };

    /// <summary>Turns each phase's own progress into the one overall bar.</summary>
    private sealed class PhaseReporter(string sourcePath, IProgress<PublishProgress>? progress)
    {
        public void Report(PublishPhase phase, double phasePercent, string detail, TimeSpan? left) =>
            progress?.Report(new PublishProgress(sourcePath, phase, PublishPhaseWeights.Overall(phase, phasePercent), phasePercent, detail, left));

        public IProgress<T>? For<T>(PublishPhase phase, Func<T, (double Percent, string Detail, TimeSpan? Left)> describe) =>
            progress is null ? null : new Adapter<T>(value =>
            {
                var (percent, detail, left) = describe(value);
                Report(phase, percent, detail, left);
            });

        private sealed class Adapter<T>(Action<T> report) : IProgress<T>
        {
            public void Report(T value) => report(value);
        }
    }
}
