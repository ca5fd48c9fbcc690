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
        ArgumentNullException.ThrowIfNull(request);
        if (request.Transcription is not null && _transcriber is null)
        {
            throw new ArgumentException("A transcription was asked for but the publisher has no transcriber.", nameof(request));
        }

        var started = _time.GetTimestamp();
        var source = SourceFile.Require(Path.GetFullPath(request.SourcePath));
        var fileName = source.Name;
        var packagePath = request.ResolveOutputPath();
        using var packageLock = PackageLock.Hold(
            packagePath, $"publishing {fileName} as '{request.Target.Name}' to course {request.Target.CourseId} ({request.Target.Language})", "PublicationInProgress", _log, _time);
        var store = new PublicationStore(packagePath);
        var publications = store.Load();
        var fingerprint = SourceFingerprint.Of(source);
        var sourceHash = await SourceHashAsync(source, fingerprint, publications, packagePath, cancellationToken).ConfigureAwait(false);
        var publication = Resume(publications, request, fingerprint, sourceHash, fileName);
        var target = publication.Target();
        if (publication.IsPublished)
        {
            _log.Verbose($"{fileName}: already published as {publication.Describe()}; nothing to do. Use -Force to publish it again.");
            _log.Event("published", ("source", source.FullName), ("prefix", target.Prefix), ("fileRecordId", publication.FileRecord?.Id), ("alreadyPublished", true));
            return Result(publication, target, source, packagePath, alreadyPublished: true, PublishTimings.None);
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
                SourceHash = sourceHash,
                ReplaceStale = true,
            },
            report.For<MediaProgress>(PublishPhase.Encoding, p => (p.Percent, $"Encoding {fileName}: {p}", p.TimeLeft)),
            cancellationToken).ConfigureAwait(false);
        var encoding = _time.GetElapsedTime(phase);
        publication.EncodedAt ??= _time.GetUtcNow();
        store.Save(publications);

        phase = _time.GetTimestamp();
        if (request.Transcription is { } transcription)
        {
            _log.Verbose($"{fileName}: transcribing ({transcription.Language}, model {_transcriber!.ModelName}).");
            package = await _transcriber.TranscribePackageAsync(
                package,
                transcription,
                report.For<MediaProgress>(PublishPhase.Transcription, p => (p.Percent, $"Transcribing {fileName}: {p}", p.TimeLeft)),
                cancellationToken).ConfigureAwait(false);
            publication.TranscribedAt ??= _time.GetUtcNow();
            store.Save(publications);
        }
        else
        {
            _log.Verbose($"{fileName}: no transcription (-SkipTranscription).");
        }

        var transcribing = _time.GetElapsedTime(phase);
        phase = _time.GetTimestamp();
        _log.Verbose($"{fileName}: uploading to {target.Prefix}.");
        var upload = await _uploader.UploadAsync(
            new UploadRequest { Package = package, Target = target, ThrottleLimit = request.ThrottleLimit, Force = request.Force, CourseFolders = request.CourseFolders },
            report.For<UploadProgress>(PublishPhase.Upload, p => (p.PercentComplete, $"Uploading {p.CurrentNumber}/{p.FilesTotal} ({p.CurrentFile})", p.Remaining)),
            cancellationToken).ConfigureAwait(false);
        if (!upload.IsComplete)
        {
            throw UploadErrors.Incomplete(upload, fileName, "no File record was created yet");
        }

        var uploading = _time.GetElapsedTime(phase);
        publication.UploadedAt ??= _time.GetUtcNow();
        store.Save(publications);
        _log.Verbose($"{fileName}: {upload.Uploaded} files uploaded ({upload.Bytes / 1048576.0:0.#} MB), {upload.Skipped} already there.");

        phase = _time.GetTimestamp();
        _log.Verbose($"{fileName}: creating the File record '{target.Name}'.");
        report.Report(PublishPhase.FileRecord, 0, $"Creating the File record for '{target.Name}'", null);
        var record = await CreateRecordOnceAsync(publication, publications, store, target, package, upload, cancellationToken).ConfigureAwait(false);
        if (target.Layout == S3KeyLayout.Course)
        {
            (request.CourseFolders ?? CourseFolderRegistry.ForCurrentUser()).RecordFileRecord(target, record.Id);
        }

        var recording = _time.GetElapsedTime(phase);
        report.Report(PublishPhase.FileRecord, 100, $"File record {record.Id} created", null);

        publication.CompletedAt = _time.GetUtcNow();
        store.Save(publications);
        report.Report(PublishPhase.Complete, 100, $"Published {fileName}", null);
        _log.Verbose($"{fileName}: published as File record {record.Id}{(record.MasterUrl is null ? string.Empty : $", playing from {record.MasterUrl}")}.");
        var timings = new PublishTimings(encoding, transcribing, uploading, recording, _time.GetElapsedTime(started));
        _log.Event("published", ("source", source.FullName), ("prefix", target.Prefix), ("fileRecordId", record.Id), ("alreadyPublished", false),
            ("encodeSeconds", Seconds(encoding)), ("transcribeSeconds", Seconds(transcribing)), ("uploadSeconds", Seconds(uploading)),
            ("recordSeconds", Seconds(recording)), ("totalSeconds", Seconds(timings.TotalTime)));
        return Result(publication, target, source, packagePath, alreadyPublished: false, timings);
    }

    private static double Seconds(TimeSpan time) => Math.Round(time.TotalSeconds, 3);

    /// <summary>Removes the local package once published; the publication state beside it stays, so a re-run still knows.</summary>
    public void DeleteLocal(PublishResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        PackageFolder.DeletePublished(result.PackagePath, _log);
    }

    public void Dispose() => _uploader.Dispose();

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

    private async Task<FileRecord> CreateRecordOnceAsync(
        Publication publication, List<Publication> publications, PublicationStore store, PublishTarget target, HlsPackage package, UploadResult upload, CancellationToken cancellationToken)
    {
        if (publication.FileRecord is { } existing)
        {
            _log.Verbose($"The File record {existing.Id} was created by an earlier run; not creating another.");
            return existing;
        }

        if (publication.FileRecordRequestedAt is { } earlier)
        {
            _log.Warning($"An earlier run was stopped while it was creating the File record for '{target.Name}' ({earlier:u}); if the admin panel now shows two records for it, delete one.");
        }

        var body = FileRecordRequest.Create(target, upload.S3Keys, package.Duration, package.Qualities);
        publication.FileRecordRequestedAt = _time.GetUtcNow();
        store.Save(publications);
        var record = await _backend.CreateFileRecordAsync(body, cancellationToken).ConfigureAwait(false);
        publication.FileRecord = record with { MasterUrl = upload.MasterUrl };
        store.Save(publications);
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

    private static PublishResult Result(Publication publication, PublishTarget target, FileInfo source, string packagePath, bool alreadyPublished, PublishTimings timings) => new()
    {
        FileRecord = publication.FileRecord!,
        SourcePath = source.FullName,
        PackagePath = packagePath,
        Prefix = target.Prefix,
        KeyLayout = target.Layout,
        VideoKey = target.VideoKey,
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
