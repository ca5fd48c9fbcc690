using HlsEncoder.Backend;
using HlsEncoder.Ladder;
using HlsEncoder.Packaging;
using HlsEncoder.Transcription;
using HlsEncoder.Upload;
using HlsEncoder.Validation;

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
        using var prepared = await PrepareAsync(request, progress, cancellationToken).ConfigureAwait(false);
        return await CompleteAsync(prepared, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The first stage of a publish: takes the package, resumes or starts its publication, and encodes. A
    /// batch starts the next video's first stage as soon as this returns, while <see cref="CompleteAsync"/>
    /// transcribes, uploads and registers this one (bench/Overlap.Bench.ps1: transcribing one video while the
    /// next encodes took 0.92x the time of one after the other on 2 cores). The result holds the package until it is disposed.
    /// </summary>
    public async Task<PreparedPublication> PrepareAsync(PublishRequest request, IProgress<PublishProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Transcription is not null && _transcriber is null)
        {
            throw new ArgumentException("A transcription was asked for but the publisher has no transcriber.", nameof(request));
        }

        var run = await BeginAsync(request, string.Empty, progress, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!run.Publication.IsPublished)
            {
                using var shared = run.Share();
                await EncodeAsync(run, cancellationToken).ConfigureAwait(false);
            }

            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    /// <summary>The second stage: transcribes the prepared package (unless skipped), uploads it and creates its File record once.</summary>
    public async Task<PublishResult> CompleteAsync(PreparedPublication prepared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        if (prepared.Publication.IsPublished)
        {
            return AlreadyPublished(prepared);
        }

        _ = prepared.Package ?? throw new InvalidOperationException("The publication was not prepared.");
        using var shared = prepared.Share();
        await TranscribeAsync(prepared, cancellationToken).ConfigureAwait(false);
        var package = prepared.Package;
        var phase = _time.GetTimestamp();
        _log.Verbose($"{prepared.FileName}: uploading to {prepared.Target.Prefix}.");
        var upload = await _uploader.UploadAsync(
            new UploadRequest { Package = package, Target = prepared.Target, ThrottleLimit = prepared.Request.ThrottleLimit, Force = prepared.Request.Force, CourseFolders = prepared.Request.CourseFolders },
            prepared.Report.For<UploadProgress>(PublishPhase.Upload, p => (p.PercentComplete, $"Uploading {p.CurrentNumber}/{p.FilesTotal} ({p.CurrentFile})", p.Remaining)),
            cancellationToken).ConfigureAwait(false);
        if (!upload.IsComplete)
        {
            throw UploadErrors.Incomplete(upload, prepared.FileName, "no File record was created yet");
        }

        prepared.UploadTime = _time.GetElapsedTime(phase);
        _log.Verbose($"{prepared.FileName}: {upload.Uploaded} files uploaded ({upload.Bytes / 1048576.0:0.#} MB), {upload.Skipped} already there.");
        return await RegisterAsync(prepared, upload, package.Duration, package.Qualities, Environment.MachineName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes with another machine doing the work (<paramref name="worker"/>: encode, transcribe, upload)
    /// while this one keeps the publication's state beside the source and creates the File record, so a
    /// re-run never creates a second one, whichever machine does the work then.
    /// </summary>
    /// <exception cref="WorkerLostException">The worker went away (its session broke); the video can go to another.</exception>
    public async Task<PublishResult> PublishWithAsync(PublishRequest request, IPublishWorker worker, IProgress<PublishProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(worker);
        using var run = await BeginAsync(request, $" on {worker.ComputerName}", progress, cancellationToken).ConfigureAwait(false);
        if (run.Publication.IsPublished)
        {
            return AlreadyPublished(run);
        }

        _log.Verbose($"{run.FileName}: {worker.ComputerName} encodes{(request.Transcription is null ? string.Empty : ", transcribes")} and uploads it to {run.Target.Prefix}.");
        var outcome = await worker.RunAsync(new RemotePublishWork(request, run.Target, run.SourceHash), run.Report, cancellationToken).ConfigureAwait(false);
        var upload = outcome.Upload;
        if (upload.Prefix != run.Target.Prefix || !upload.IsComplete)
        {
            throw new HlsEncoderException(
                "RemoteUploadMismatch", FailureKind.InvalidResponse,
                $"{run.FileName}: {worker.ComputerName} uploaded to {upload.Prefix} ({upload.Failed} failed), not to {run.Target.Prefix}. Is HlsEncoder there the same version as here?",
                run.Source.FullName);
        }

        var now = _time.GetUtcNow();
        run.Publication.EncodedAt ??= now;
        if (request.Transcription is not null)
        {
            run.Publication.TranscribedAt ??= now;
        }

        (run.EncodeTime, run.TranscribeTime, run.UploadTime) = (outcome.EncodeTime, outcome.TranscribeTime, outcome.UploadTime);
        run.PackagePath = upload.PackagePath;
        return await RegisterAsync(run, upload, upload.Duration, upload.Qualities, worker.ComputerName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the local package once published; the publication state beside it stays, so a re-run still knows.</summary>
    public void DeleteLocal(PublishResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        PackageFolder.DeletePublished(result.PackagePath, _log);
    }

    public void Dispose() => _uploader.Dispose();

    /// <summary>Takes the package (its lock beside it), finds or starts the publication, and works out its folder.</summary>
    private async Task<PreparedPublication> BeginAsync(PublishRequest request, string where, IProgress<PublishProgress>? progress, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var source = SourceFile.Require(Path.GetFullPath(request.SourcePath));
        var packagePath = request.ResolveOutputPath();
        var packageLock = PackageLock.Hold(
            packagePath, $"publishing {source.Name} as '{request.Target.Name}' to course {request.Target.CourseId} ({request.Target.Language}){where}", "PublicationInProgress", _log, _time);
        try
        {
            var store = new PublicationStore(packagePath);
            var publications = store.Load();
            var fingerprint = SourceFingerprint.Of(source);
            var sourceHash = await SourceHashAsync(source, fingerprint, publications, packagePath, cancellationToken).ConfigureAwait(false);
            var publication = Resume(publications, request, fingerprint, sourceHash, source.Name);
            return new PreparedPublication(request, source, packagePath, packageLock, store, publications, publication, sourceHash, started, new PhaseReporter(source.FullName, progress));
        }
        catch
        {
            packageLock.Dispose();
            throw;
        }
    }

    private async Task EncodeAsync(PreparedPublication run, CancellationToken cancellationToken)
    {
        var request = run.Request;
        _log.Verbose($"{run.FileName}: encoding into {run.PackagePath} ({string.Join(", ", request.Qualities)}).");
        var phase = _time.GetTimestamp();
        var package = await _encoder.EncodeAsync(
            new EncodeRequest
            {
                SourcePath = run.Source.FullName,
                OutputPath = run.PackagePath,
                Qualities = request.Qualities,
                SegmentDuration = request.SegmentDuration,
                Preset = request.Preset,
                IFramePlaylists = request.IFramePlaylists,
                Downloads = request.Downloads,
                Poster = request.Poster,
                PosterTime = request.PosterTime,
                Storyboard = request.Storyboard,
                NormalizeLoudness = request.NormalizeLoudness,
                FfmpegPath = request.FfmpegPath,
                SourceHash = run.SourceHash,
                ReplaceStale = true,
            },
            run.Report.For<MediaProgress>(PublishPhase.Encoding, p => (p.Percent, $"Encoding {run.FileName}: {p}", p.TimeLeft)),
            cancellationToken).ConfigureAwait(false);
        run.EncodeTime = _time.GetElapsedTime(phase);
        run.Publication.EncodedAt ??= _time.GetUtcNow();
        run.Save();
        run.Package = package;
    }

    private async Task TranscribeAsync(PreparedPublication run, CancellationToken cancellationToken)
    {
        var request = run.Request;
        var package = run.Package!;
        var phase = _time.GetTimestamp();
        if (request.Transcription is not null && !package.HasAudio)
        {
            // A screen recording without sound is published as it is: there is nothing to caption.
            _log.Verbose($"{run.FileName}: no transcript, as the video has no audio track.");
        }
        else if (request.Transcription is { } transcription)
        {
            _log.Verbose($"{run.FileName}: transcribing ({transcription.Language}, model {_transcriber!.ModelName}).");
            package = await _transcriber.TranscribePackageAsync(
                package,
                transcription,
                run.Report.For<MediaProgress>(PublishPhase.Transcription, p => (p.Percent, $"Transcribing {run.FileName}: {p}", p.TimeLeft)),
                cancellationToken).ConfigureAwait(false);
            run.Publication.TranscribedAt ??= _time.GetUtcNow();
            run.Save();
        }
        else
        {
            _log.Verbose($"{run.FileName}: no transcription (-SkipTranscription).");
        }

        run.TranscribeTime = _time.GetElapsedTime(phase);
        run.Package = package;
    }

    /// <summary>Records the finished upload and creates the File record once; the publication is then complete.</summary>
    private async Task<PublishResult> RegisterAsync(
        PreparedPublication run, UploadResult upload, TimeSpan duration, IReadOnlyList<string> qualities, string computerName, CancellationToken cancellationToken)
    {
        var (publication, target) = (run.Publication, run.Target);
        publication.UploadedAt ??= _time.GetUtcNow();
        run.Save();

        var phase = _time.GetTimestamp();
        _log.Verbose($"{run.FileName}: creating the File record '{target.Name}'.");
        run.Report.Report(PublishPhase.FileRecord, 0, $"Creating the File record for '{target.Name}'", null);
        var record = await CreateRecordOnceAsync(run, upload, duration, qualities, cancellationToken).ConfigureAwait(false);
        if (target.Layout == S3KeyLayout.Course)
        {
            (run.Request.CourseFolders ?? CourseFolderRegistry.ForCurrentUser()).RecordFileRecord(target, record.Id);
        }

        var recording = _time.GetElapsedTime(phase);
        run.Report.Report(PublishPhase.FileRecord, 100, $"File record {record.Id} created", null);
        publication.CompletedAt = _time.GetUtcNow();
        run.Save();
        run.Report.Report(PublishPhase.Complete, 100, $"Published {run.FileName}", null);
        _log.Verbose($"{run.FileName}: published as File record {record.Id}{(record.MasterUrl is null ? string.Empty : $", playing from {record.MasterUrl}")}.");
        var timings = new PublishTimings(run.EncodeTime, run.TranscribeTime, run.UploadTime, recording, _time.GetElapsedTime(run.Started));
        _log.Event("published", ("source", run.Source.FullName), ("prefix", target.Prefix), ("fileRecordId", record.Id), ("alreadyPublished", false), ("computerName", computerName),
            ("encodeSeconds", Seconds(timings.EncodeTime)), ("transcribeSeconds", Seconds(timings.TranscribeTime)), ("uploadSeconds", Seconds(timings.UploadTime)),
            ("recordSeconds", Seconds(recording)), ("totalSeconds", Seconds(timings.TotalTime)));
        return Result(run, alreadyPublished: false, timings, computerName);
    }

    private PublishResult AlreadyPublished(PreparedPublication run)
    {
        _log.Verbose($"{run.FileName}: already published as {run.Publication.Describe()}; nothing to do. Use -Force to publish it again.");
        _log.Event("published", ("source", run.Source.FullName), ("prefix", run.Target.Prefix), ("fileRecordId", run.Publication.FileRecord?.Id), ("alreadyPublished", true));
        return Result(run, alreadyPublished: true, PublishTimings.None, computerName: null);
    }

    private static double Seconds(TimeSpan time) => Math.Round(time.TotalSeconds, 3);

    /// <summary>The source's SHA-256: recorded earlier for the file as it is now (by a publication or the package's manifest), or read now.</summary>
    private async Task<string> SourceHashAsync(FileInfo source, SourceFingerprint fingerprint, IEnumerable<Publication> publications, string packagePath, CancellationToken cancellationToken)
    {
        if ((publications.Select(p => p.KnownHashOf(fingerprint)).OfType<string>().FirstOrDefault() ?? PackageManifest.TryReadSourceHash(packagePath, fingerprint)) is { } known)
        {
            ContentHash.Remember(fingerprint, known);
            return known;
        }

        var clock = _time.GetTimestamp();
        var hash = await ContentHash.OfFileAsync(source.FullName, cancellationToken).ConfigureAwait(false);
        _log.Verbose($"{source.Name}: SHA-256 {hash[..VideoKey.HashLength]}... of {source.Length / 1048576.0:0.#} MB in {_time.GetElapsedTime(clock).TotalSeconds:0.0} s.");
        return hash;
    }

    private async Task<FileRecord> CreateRecordOnceAsync(PreparedPublication run, UploadResult upload, TimeSpan duration, IReadOnlyList<string> qualities, CancellationToken cancellationToken)
    {
        var publication = run.Publication;
        if (publication.FileRecord is { } existing)
        {
            _log.Verbose($"The File record {existing.Id} was created by an earlier run; not creating another.");
            return existing;
        }

        if (publication.FileRecordRequestedAt is { } earlier)
        {
            _log.Warning($"An earlier run was stopped while it was creating the File record for '{run.Target.Name}' ({earlier:u}); if the admin panel now shows two records for it, delete one.");
        }

        var body = FileRecordRequest.Create(run.Target, upload.S3Keys, duration, qualities);
        publication.FileRecordRequestedAt = _time.GetUtcNow();
        run.Save();
        var record = await _backend.CreateFileRecordAsync(body, cancellationToken).ConfigureAwait(false);
        publication.FileRecord = record with { MasterUrl = upload.MasterUrl };
        run.Save();
        return publication.FileRecord;
    }

    /// <summary>
    /// The publication to carry on with for this target: the one already published (the caller reports it
    /// and sends nothing), the interrupted one, or a new one. A target published from an earlier version of
    /// the source is refused unless forced.
    /// </summary>
    private Publication Resume(List<Publication> publications, PublishRequest request, SourceFingerprint source, string sourceHash, string fileName)
    {
        var target = request.Target.WithLayout(request.Layout).ForContent(sourceHash);
        var fresh = Publication.Start(target, source, sourceHash);
        var index = publications.FindIndex(p => p.IsOf(target));
        if (index < 0)
        {
            publications.Add(fresh);
            return fresh;
        }

        var existing = publications[index];
        var sameContent = existing.IsFrom(source, sourceHash);
        if (existing.IsPublished && request.Force)
        {
            _log.Warning($"{fileName} was published as {existing.Describe()}; -Force publishes it again and creates another File record.");
        }
        else if (existing.IsPublished && sameContent)
        {
            return existing;
        }
        else if (existing.IsPublished)
        {
            throw new HlsEncoderException(
                "SourceChangedSincePublished", FailureKind.ResourceExists,
                $"{fileName} changed since it was published as {existing.Describe()}. To publish the new version (a new File record in a new folder; the old one stays until an admin removes it), add -Force.",
                source.Path);
        }
        else if (sameContent && existing.Prefix == target.Prefix)
        {
            _log.Verbose($"{fileName}: resuming an interrupted run (encoded {(existing.EncodedAt is null ? "no" : "yes")}, uploaded {(existing.UploadedAt is null ? "no" : "yes")}, File record {(existing.FileRecord is null ? "not yet" : existing.FileRecord.Id)}).");
            return existing;
        }
        else
        {
            _log.Verbose($"{fileName}: an interrupted run was publishing {(sameContent ? "it" : "an earlier version of it")} to {existing.Prefix}; starting afresh in {target.Prefix}.");
        }

        publications[index] = fresh;
        return fresh;
    }

    private static PublishResult Result(PreparedPublication run, bool alreadyPublished, PublishTimings timings, string? computerName) => new()
    {
        FileRecord = run.Publication.FileRecord!,
        SourcePath = run.Source.FullName,
        PackagePath = run.PackagePath,
        Prefix = run.Target.Prefix,
        KeyLayout = run.Target.Layout,
        VideoKey = run.Target.VideoKey,
        AlreadyPublished = alreadyPublished,
        Timings = timings,
        ComputerName = computerName,
    };

    /// <summary>Turns each phase's own progress into the one overall bar.</summary>
    internal sealed class PhaseReporter(string sourcePath, IProgress<PublishProgress>? progress) : IProgress<PublishProgress>
    {
        public void Report(PublishPhase phase, double phasePercent, string detail, TimeSpan? left) =>
            progress?.Report(new PublishProgress(sourcePath, phase, PublishPhaseWeights.Overall(phase, phasePercent), phasePercent, detail, left));

        /// <summary>A worker's report of a phase, passed on as it is.</summary>
        public void Report(PublishProgress value) => progress?.Report(value);

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
