using System.Collections.Concurrent;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>
/// Carries what a command's background work writes (objects, errors, progress, verbose text) to the
/// pipeline thread, the one thread PowerShell lets write. A write on that thread happens at once; one from
/// any other thread is posted, and the pipeline thread runs the posts while it waits for work
/// (<see cref="Pump"/>) or between items (<see cref="PumpAvailable"/>). So work that goes on in the
/// background (a pipelined upload, a fan-out over sessions) still reaches the pipeline in order and as
/// soon as the command has the thread. A write that fails in a pump (-ErrorAction Stop, a downstream
/// Select-Object -First, Ctrl+C) stops the work and is kept for the command to throw.
/// </summary>
internal sealed class PipelinePump(Action stopWork) : IDisposable
{
    private readonly BlockingCollection<Post> _posts = [];
    private int _pipelineThreadId = -1;

    /// <summary>The first write that failed in a pump, which the command rethrows once its work has wound down.</summary>
    public Exception? WriteFailure { get; private set; }

    /// <summary>Takes the calling thread as the pipeline thread (PowerShell calls Begin/Process/EndProcessing on one thread).</summary>
    public void Bind()
    {
        if (_pipelineThreadId == -1)
        {
            _pipelineThreadId = Environment.CurrentManagedThreadId;
        }
    }

    /// <summary>Writes now on the pipeline thread, else posts the write; <paramref name="abandon"/> runs instead when it can never be written.</summary>
    public void Write(Action write, Action? abandon = null)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (Environment.CurrentManagedThreadId == _pipelineThreadId)
        {
            write();
            return;
        }

        try
        {
            _posts.Add(new Post(write, abandon));
        }
        catch (InvalidOperationException)
        {
            // The command has ended: nothing more can be written.
            abandon?.Invoke();
        }
    }

    /// <summary>Runs posted writes until <paramref name="until"/> has ended, then those it posted before it ended.</summary>
    public void Pump(Task until)
    {
        ArgumentNullException.ThrowIfNull(until);
        using var ended = new CancellationTokenSource();
        _ = until.ContinueWith(_ => ended.Cancel(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            while (_posts.TryTake(out var post, Timeout.Infinite, ended.Token))
            {
                Run(post);
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
            // The work ended; what it wrote last is taken below.
        }

        PumpAvailable();
    }

    /// <summary>Runs the writes posted so far, without waiting for more.</summary>
    public void PumpAvailable()
    {
        while (_posts.TryTake(out var post))
        {
            Run(post);
        }
    }

    public void Dispose()
    {
        _posts.CompleteAdding();
        while (_posts.TryTake(out var post))
        {
            post.Abandon?.Invoke();
        }

        _posts.Dispose();
    }

    private void Run(Post post)
    {
        if (WriteFailure is not null)
        {
            post.Abandon?.Invoke();
            return;
        }

        try
        {
            post.Write();
        }
        catch (Exception e)
        {
            // Stop the work and let it save its state; the command rethrows this once the work has ended.
            WriteFailure = e;
            stopWork();
            post.Abandon?.Invoke();
        }
    }

    private sealed record Post(Action Write, Action? Abandon);
}
