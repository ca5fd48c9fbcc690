using System.Threading.Channels;
using HlsEncoder.Backend;

namespace HlsEncoder.Publishing;

/// <summary>
/// Spreads a batch over workers (the sessions of Publish-HlsVideo -Session): the videos form one queue,
/// and each worker takes the next as soon as it is free, one at a time. This machine keeps every
/// publication's state and creates every File record (<see cref="HlsPublisher.PublishWithAsync"/>), so a
/// video can go to any worker and a re-run never makes a second record. A worker that goes away puts
/// its video back for another (at most <see cref="TriesPerVideo"/> tries in all); once no worker is left,
/// each video still waiting fails with an error of its own.
/// </summary>
public sealed class FanOutPublisher
{
    /// <summary>How many workers may lose a video before it fails: the first loss may be the host's, a second says more.</summary>
    public const int TriesPerVideo = 2;

    private readonly HlsPublisher _publisher;
    private readonly IOperationLog _log;
    private readonly Func<IPublishWorker, PublishRequest, IProgress<PublishProgress>> _progressFor;
    private readonly Channel<QueuedVideo> _queue = Channel.CreateUnbounded<QueuedVideo>();
    private readonly List<IPublishWorker> _workers;
    private readonly object _gate = new();
    private int _working;
    private int _pending;
    private bool _completed;
    private bool _running;

    /// <param name="progressFor">The progress of a video while a worker has it (its bar on that worker's line).</param>
    public FanOutPublisher(HlsPublisher publisher, IEnumerable<IPublishWorker> workers, Func<IPublishWorker, PublishRequest, IProgress<PublishProgress>> progressFor, IOperationLog? log = null)
    {
        _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
        _workers = [.. workers ?? throw new ArgumentNullException(nameof(workers))];
        _progressFor = progressFor ?? throw new ArgumentNullException(nameof(progressFor));
        _log = log ?? NullOperationLog.Instance;
        if (_workers.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one worker.", nameof(workers));
        }
    }

    /// <summary>The workers still taking videos.</summary>
    public int WorkersLeft => Volatile.Read(ref _working);

    /// <summary>Starts every worker's loop; the task ends when the queue is completed and empty, or no worker is left.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _working = _workers.Count;
            _running = true;
        }

        return Task.WhenAll(_workers.Select(worker => Task.Run(() => WorkAsync(worker, cancellationToken), CancellationToken.None)));
    }

    /// <summary>Puts a video in the queue; the task ends with its result, or its error.</summary>
    public Task<PublishResult> Enqueue(PublishRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var video = new QueuedVideo(request);
        lock (_gate)
        {
            if ((_running && _working == 0) || !_queue.Writer.TryWrite(video))
            {
                video.Fail(NoWorkerLeft(video));
            }
            else
            {
                _pending++;
            }
        }

        return video.Result.Task;
    }

    /// <summary>No more videos: each worker stops once the queue is empty.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            if (_pending == 0)
            {
                _queue.Writer.TryComplete();
            }
        }
    }

    private async Task WorkAsync(IPublishWorker worker, CancellationToken cancellationToken)
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!_queue.Reader.TryRead(out var video))
                {
                    continue;
                }

                if (!await PublishOneAsync(worker, video, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the videos still queued end as cancelled below, once no worker is left.
        }
        catch (Exception e)
        {
            _log.Warning($"The session to {worker.ComputerName} leaves the batch: {e.Message}");
            throw;
        }
        finally
        {
            _log.Debug($"The session to {worker.ComputerName} takes no more videos.");
            WorkerGone(cancellationToken);
        }
    }

    /// <summary>Publishes one video with the worker; false when the worker went away (the video went back to the queue or failed).</summary>
    private async Task<bool> PublishOneAsync(IPublishWorker worker, QueuedVideo video, CancellationToken cancellationToken)
    {
        video.Tries.Add(worker.ComputerName);
        _log.Debug($"The session to {worker.ComputerName} takes {Path.GetFileName(video.Request.SourcePath)}.");
        try
        {
            var result = await _publisher.PublishWithAsync(video.Request, worker, _progressFor(worker, video.Request), cancellationToken).ConfigureAwait(false);
            Done(video, () => video.Result.TrySetResult(result));
            return true;
        }
        catch (WorkerLostException e)
        {
            _log.Warning($"The session to {worker.ComputerName} broke while it worked on {Path.GetFileName(video.Request.SourcePath)} ({e.Message}); {(video.Tries.Count < TriesPerVideo ? "the video goes back to the queue for another session" : "the video is not tried again")}.");
            if (video.Tries.Count < TriesPerVideo && _queue.Writer.TryWrite(video))
            {
                return false;
            }

            Done(video, () => video.Fail(new HlsEncoderException(
                "SessionBroken", FailureKind.ConnectionFailed,
                $"{Path.GetFileName(video.Request.SourcePath)} was not published: the sessions to {string.Join(" and ", video.Tries)} broke while they worked on it. Run the batch again; what was uploaded is not sent twice.",
                video.Request.SourcePath, e)));
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Done(video, () => video.Result.TrySetCanceled(cancellationToken));
            throw;
        }
        catch (Exception e)
        {
            // The video's own failure (its source, a refused token): the worker takes the next one.
            Done(video, () => video.Result.TrySetException(e));
            return e is not BackendException { IsAuthorizationFailure: true };
        }
    }

    private void Done(QueuedVideo video, Action settle)
    {
        settle();
        lock (_gate)
        {
            _pending--;
            if (_completed && _pending == 0)
            {
                _queue.Writer.TryComplete();
            }
        }
    }

    /// <summary>A worker left; when it was the last, every video still queued fails (or is cancelled, when the batch was stopped).</summary>
    private void WorkerGone(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (--_working > 0)
            {
                return;
            }

            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var video))
            {
                _pending--;
                if (cancellationToken.IsCancellationRequested)
                {
                    video.Result.TrySetCanceled(cancellationToken);
                }
                else
                {
                    video.Fail(NoWorkerLeft(video));
                }
            }
        }
    }

    private HlsEncoderException NoWorkerLeft(QueuedVideo video) => new(
        "NoSessionLeft", FailureKind.ConnectionFailed,
        $"{Path.GetFileName(video.Request.SourcePath)} was not published: no session is left ({string.Join(", ", _workers.Select(w => w.ComputerName))} all broke). Open new sessions and run the batch again.",
        video.Request.SourcePath);

    private sealed class QueuedVideo(PublishRequest request)
    {
        public PublishRequest Request { get; } = request;

        public TaskCompletionSource<PublishResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Tries { get; } = [];

        public void Fail(Exception e) => Result.TrySetException(e);
    }
}
