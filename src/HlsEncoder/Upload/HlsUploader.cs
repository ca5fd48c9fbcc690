using System.Collections.Concurrent;
using HlsEncoder.Backend;
using HlsEncoder.Packaging;
using HlsEncoder.Resilience;
using HlsEncoder.Validation;

namespace HlsEncoder.Upload;

/// <summary>
/// Uploads a package through presigned URLs: media first, then playlists, then master.m3u8, several
/// files at a time, resuming from .upload_state.json. A file that fails does not stop the others; a
/// token the backend refuses stops everything at once, with the state saved.
/// </summary>
public sealed class HlsUploader : IDisposable
{
    private readonly BackendClient _backend;
    private readonly HttpClient _s3;
    private readonly IOperationLog _log;
    private readonly TimeProvider _time;
    private readonly RetrySchedule _schedule;

    public HlsUploader(BackendClient backend, IOperationLog? log = null, TimeProvider? timeProvider = null, RetrySchedule? schedule = null, HttpMessageHandler? s3Handler = null)
    {
        _backend = backend ?? throw new ArgumentNullException(nameof(backend));
        _log = log ?? NullOperationLog.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _schedule = schedule ?? RetrySchedule.Default;
        // A client of its own for S3: it never carries the backend token, and follows no redirect.
        _s3 = new HttpClient(s3Handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _s3.DefaultRequestHeaders.UserAgent.ParseAdd(ProductInfo.UserAgent);
    }

    /// <summary>What an upload would send, after resuming from the saved state: for -WhatIf and before asking.</summary>
    /// <summary>What an upload would send, after resuming from the saved state: for -WhatIf and before asking.</summary>
    public UploadPreview Preview(UploadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = UploadPlan.Create(request.Package, ResolveTarget(request));
        using var store = new UploadStateStore(request.Package.OutputPath);
        var state = Reconcile(plan, store, request);
        return new UploadPreview(plan, plan.Items.Where(i => !state.Files[i.RelativePath].IsUploaded(i)).ToArray());
    }

    /// <summary>
    /// The target with its S3 folder named: as given when it is resolved already, else after the package's
    /// content (<see cref="HlsPackage.ContentHash"/>; for a package without one, its source's SHA-256 or,
    /// with no source either, its playlists and segment sizes).
    /// </summary>
    public static PublishTarget ResolveTarget(UploadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.Target.WithLayout(request.Target.IsResolved ? request.Target.Layout : request.Layout);
        return target.IsResolved ? target : target.ForContent(request.Package.ContentHash ?? ContentHash.Of(request.Package));
    }

    public async Task<UploadResult> UploadAsync(UploadRequest request, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _time.GetTimestamp();
        var target = ResolveTarget(request);
        using var packageLock = PackageLock.Hold(request.Package.OutputPath, $"uploading to {target.Prefix}", "PackageInProgress", _log, _time);
        var plan = UploadPlan.Create(request.Package, target);
        using var courseFolder = target.Layout == S3KeyLayout.Course ? ClaimCourseFolder(request, plan) : null;
        using var store = new UploadStateStore(request.Package.OutputPath);
        var state = Reconcile(plan, store, request);
        store.Save(state);

        var pending = plan.Items.Where(i => !state.Files[i.RelativePath].IsUploaded(i)).ToArray();
        var skipped = plan.Items.Count - pending.Length;
        _log.Event("phase.start", ("phase", "upload"), ("package", request.Package.OutputPath), ("prefix", plan.Target.Prefix),
            ("files", pending.Length), ("bytes", pending.Sum(i => i.Size)), ("alreadyUploaded", skipped));
        _log.Verbose(skipped > 0
            ? $"Resuming the upload to {plan.Target.Prefix}: {skipped} of {plan.Items.Count} files were uploaded by an earlier run and are unchanged; {pending.Length} to go."
            : $"Uploading {pending.Length} files ({pending.Sum(i => i.Size) / 1048576.0:0.#} MB) to {plan.Target.Prefix}, {request.ThrottleLimit} at a time.");

        var run = new UploadRun(state, store, new UploadProgressTracker(pending.Length, pending.Sum(i => i.Size), _time, progress), _time);
        var putter = new S3Putter(_backend, _s3, _schedule, _time, _log);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            foreach (var stage in Enum.GetValues<UploadStage>().TakeWhile(_ => run.Fatal is null))
            {
                var ready = new List<UploadItem>();
                foreach (var item in pending.Where(i => i.Stage == stage))
                {
                    if (run.HeldBackBy(item) is { } reason)
                    {
                        run.Fail(item, new HlsEncoderException("UploadHeldBack", FailureKind.OperationFailed, $"{item.RelativePath} was not uploaded because {reason}; a player would find it pointing at missing files. Run the upload again once that is fixed.", item.RelativePath));
                    }
                    else
                    {
                        ready.Add(item);
                    }
                }

                await Parallel.ForEachAsync(
                    ready,
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.ThrottleLimit), CancellationToken = stopping.Token },
                    (item, token) => new ValueTask(UploadOneAsync(putter, run, item, stopping, token))).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && run.Fatal is null)
        {
            store.Save(state);
            _log.Warning($"Upload to {plan.Target.Prefix} cancelled: {run.UploadedCount} of {plan.Items.Count} files are uploaded. Run the same command again to resume.");
            throw;
        }
        catch (OperationCanceledException) when (run.Fatal is not null)
        {
            // The refused token cancelled the other uploads; reported below.
        }

        if (run.Fatal is { } fatal)
        {
            store.Save(state);
            _log.Warning($"Upload to {plan.Target.Prefix} stopped: {run.UploadedCount} of {plan.Items.Count} files are uploaded. The state is saved; once the token is fixed, the same command resumes.");
            throw fatal;
        }

        store.Close(state);
        var failures = run.Failures;
        _log.Verbose($"Upload to {plan.Target.Prefix} finished: {pending.Length - failures.Count} uploaded, {skipped} already there, {failures.Count} failed, in {_time.GetElapsedTime(started).TotalSeconds:0.#} s.");
        _log.Event("phase.end", ("phase", "upload"), ("package", request.Package.OutputPath), ("prefix", plan.Target.Prefix), ("uploaded", pending.Length - failures.Count),
            ("skipped", skipped), ("failed", failures.Count), ("bytes", run.Tracker.BytesDone), ("seconds", Math.Round(_time.GetElapsedTime(started).TotalSeconds, 3)));
        return new UploadResult
        {
            CourseId = plan.Target.CourseId,
            Language = plan.Target.Language,
            Name = plan.Target.Name,
            Prefix = plan.Target.Prefix,
            KeyLayout = plan.Target.Layout,
            VideoKey = plan.Target.VideoKey,
            S3Keys = plan.KeySet(),
            Qualities = plan.Package.Qualities,
            Duration = plan.Package.Duration,
            MasterUrl = Uri.TryCreate(state.MasterUrl, UriKind.Absolute, out var master) ? master : null,
            PackagePath = plan.Package.OutputPath,
            Uploaded = pending.Length - failures.Count,
            Skipped = skipped,
            FailedFiles = failures,
            Bytes = run.Tracker.BytesDone,
            Elapsed = _time.GetElapsedTime(started),
        };
    }

    public void Dispose() => _s3.Dispose();

    private IDisposable ClaimCourseFolder(UploadRequest request, UploadPlan plan)
    {
        var occupant = new CourseFolderOccupant
        {
            Name = plan.Target.Name,
            Source = request.Package.SourcePath.Length > 0 ? request.Package.SourcePath : request.Package.OutputPath,
            ContentHash = request.Package.ContentHash ?? ContentHash.Of(request.Package),
            ClaimedAt = _time.GetUtcNow(),
        };
        return (request.CourseFolders ?? CourseFolderRegistry.ForCurrentUser()).Claim(plan.Target, occupant, request.Force, _log);
    }

    private async Task UploadOneAsync(S3Putter putter, UploadRun run, UploadItem item, CancellationTokenSource stopping, CancellationToken token)
    {
        // Parallel.ForEachAsync learns of the stop through a callback that runs later: a worker may take the
        // next file first. Once a token is refused, not one more request goes out.
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        run.Tracker.Started(item);
        var clock = _time.GetTimestamp();
        try
        {
            var outcome = await putter.PutAsync(item, sent => run.Tracker.Sent(item, sent), token).ConfigureAwait(false);
            run.Succeed(item, outcome);
            _log.Debug($"uploaded {item.RelativePath} to {item.Key} ({outcome.Attempts} attempt{(outcome.Attempts == 1 ? string.Empty : "s")}, MD5 {outcome.Md5} verified)");
            _log.Event("file.uploaded", ("key", item.Key), ("bytes", item.Size), ("ms", (long)_time.GetElapsedTime(clock).TotalMilliseconds), ("attempts", outcome.Attempts));
        }
        catch (BackendException e) when (e.IsAuthorizationFailure)
        {
            // Every other file would be refused too: stop them all now.
            run.Stop(e);
            await stopping.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            run.Tracker.Finished(item, uploaded: false);
            throw;
        }
        catch (Exception e) when (e is HlsEncoderException or HttpRequestException or IOException or Polly.Timeout.TimeoutRejectedException or UnauthorizedAccessException)
        {
            run.Fail(item, e);
            _log.Verbose($"upload {item.RelativePath} failed: {Redaction.Text(e.Message)}");
            _log.Event("file.failed", ("key", item.Key), ("bytes", item.Size), ("error", Redaction.Text(e.Message)));
        }
    }

    /// <summary>Brings this target's saved state in line with the package as it is now.</summary>
    private UploadState Reconcile(UploadPlan plan, UploadStateStore store, UploadRequest request)
    {
        var saved = request.Restart ? null : store.Load(plan.Target.Prefix);
        var now = _time.GetUtcNow();
        var state = new UploadState
        {
            CourseId = plan.Target.CourseId,
            Language = plan.Target.Language,
            Prefix = plan.Target.Prefix,
            Name = plan.Target.Name,
            CreatedAt = saved?.CreatedAt ?? now,
            UpdatedAt = now,
            MasterUrl = saved?.MasterUrl,
        };
        foreach (var item in plan.Items)
        {
            var before = saved?.Files.GetValueOrDefault(item.RelativePath);
            if (before is not null && before.IsUploaded(item))
            {
                state.Files[item.RelativePath] = before;
                continue;
            }

            if (before?.Status == FileUploadStatus.Uploaded)
            {
                _log.Verbose($"{item.RelativePath} changed since it was uploaded; it is sent again.");
            }

            state.Files[item.RelativePath] = new FileUploadState
            {
                Key = item.Key,
                ContentType = item.ContentType,
                Size = item.Size,
                LastWriteTimeUtc = item.LastWriteTimeUtc,
                Attempts = before?.Attempts ?? 0,
            };
        }

        return state;
    }

    /// <summary>The shared bookkeeping of one upload's concurrent workers.</summary>
    private sealed class UploadRun(UploadState state, UploadStateStore store, UploadProgressTracker tracker, TimeProvider time)
    {
        private readonly ConcurrentDictionary<string, UploadFailure> _failures = new(StringComparer.Ordinal);

        public UploadProgressTracker Tracker => tracker;

        public BackendException? Fatal { get; private set; }

        public int UploadedCount
        {
            get
            {
                lock (state)
                {
                    return state.Files.Values.Count(f => f.Status == FileUploadStatus.Uploaded);
                }
            }
        }

        public IReadOnlyList<UploadFailure> Failures => _failures.Values.OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToArray();

        public void Stop(BackendException reason) => Fatal ??= reason;

        public void Succeed(UploadItem item, PutOutcome outcome)
        {
            Record(item, file =>
            {
                file.Status = FileUploadStatus.Uploaded;
                file.Md5 = outcome.Md5;
                file.UploadedAt = time.GetUtcNow();
                file.Attempts += outcome.Attempts;
                file.Error = null;
            });
            if (item.Stage == UploadStage.Master && outcome.DownloadUrl is { Query.Length: 0 } url)
            {
                lock (state)
                {
                    state.MasterUrl = url.ToString();
                }
            }

            tracker.Finished(item, uploaded: true);
        }

        public void Fail(UploadItem item, Exception error)
        {
            var (errorId, kind) = error switch
            {
                HlsEncoderException known => (known.ErrorId, known.Kind),
                HttpRequestException => ("UploadConnectionFailed", FailureKind.ConnectionFailed),
                Polly.Timeout.TimeoutRejectedException => ("UploadTimeout", FailureKind.Timeout),
                _ => ("UploadFailed", FailureKind.OperationFailed),
            };
            var message = Redaction.Text(error.Message);
            _failures[item.RelativePath] = new UploadFailure(item.RelativePath, item.Key, errorId, kind, message) { Exception = error };
            Record(item, file =>
            {
                file.Status = FileUploadStatus.Failed;
                file.Error = message;
            });
            tracker.Finished(item, uploaded: false);
        }

        /// <summary>Why <paramref name="item"/> must wait, when something it points at did not make it.</summary>
        public string? HeldBackBy(UploadItem item)
        {
            var blocking = item.Stage switch
            {
                UploadStage.Master => _failures.Values.FirstOrDefault(),
                UploadStage.Playlists => _failures.Values.FirstOrDefault(f => IsInFolder(f.RelativePath, item.Folder)),
                _ => null,
            };
            return blocking is null ? null : $"{blocking.RelativePath} failed";
        }

        private static bool IsInFolder(string relativePath, string folder) =>
            folder.Length == 0 ? !relativePath.Contains('/', StringComparison.Ordinal) : relativePath.StartsWith(folder + "/", StringComparison.Ordinal);

        private void Record(UploadItem item, Action<FileUploadState> change)
        {
            lock (state)
            {
                var file = state.Files[item.RelativePath];
                change(file);
                state.UpdatedAt = time.GetUtcNow();
                store.Append(state.Prefix, item.RelativePath, file);
            }
        }
    }
}
