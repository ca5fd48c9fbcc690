using System.Collections.Concurrent;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using HlsEncoder.Module.Infrastructure;

namespace HlsEncoder.Module;

/// <summary>
/// The base of every HlsEncoder cmdlet. Engine work runs off the pipeline thread with a token that
/// StopProcessing (Ctrl+C) cancels, and so do SIGTERM, SIGHUP and SIGQUIT (<see cref="ShutdownSignals"/>);
/// everything it writes (objects, errors, progress, verbose) is queued and written here, on the
/// pipeline thread, where PowerShell requires it.
/// </summary>
public abstract class HlsEncoderCmdlet : PSCmdlet, IDisposable
{
    /// <summary>The parameter set of -Path (wildcards), in every cmdlet that takes files.</summary>
    protected const string PathSet = "Path";

    /// <summary>The parameter set of -LiteralPath (alias PSPath, what Get-ChildItem pipes).</summary>
    protected const string LiteralPathSet = "LiteralPath";

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<string> _secrets = [];
    private readonly ProgressThrottle _progress = new(TimeSpan.FromMilliseconds(250));
    private BlockingCollection<PumpItem>? _queue;
    private int _pipelineThreadId = -1;
    private bool _disposed;

    /// <summary>Cancelled by Ctrl+C (StopProcessing) or when a write on the pipeline thread fails.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    /// <summary>Tells the engine where to log; messages reach Write-Verbose/Write-Debug/Write-Warning, redacted.</summary>
    protected IOperationLog Log => new CmdletLog(this);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _stopping.Dispose();
        }

        _disposed = true;
    }

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>Registers a value that must never be shown (a token), so every message is scrubbed of it.</summary>
    protected void AddSecret(string? secret)
    {
        if (!string.IsNullOrEmpty(secret))
        {
            _secrets.Add(secret);
        }
    }

    protected string Redact(string text) => Redaction.Text(text, _secrets);

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool and pumps what it writes until it ends. An engine
    /// error that escapes becomes a terminating error; Ctrl+C becomes a stopped pipeline.
    /// </summary>
    protected void RunAsync(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using var queue = new BlockingCollection<PumpItem>();
        _queue = queue;
        _pipelineThreadId = Environment.CurrentManagedThreadId;
        var task = Task.Run(async () =>
        {
            try
            {
                await work(StopToken).ConfigureAwait(false);
            }
            finally
            {
                queue.CompleteAdding();
            }
        });
        using var signals = ShutdownSignals.Track(_stopping, task);

        Exception? writeFailure = null;
        foreach (var item in queue.GetConsumingEnumerable())
        {
            if (writeFailure is not null)
            {
                item.Abandon();
                continue;
            }

            try
            {
                item.Run();
            }
            catch (Exception e)
            {
                // -ErrorAction Stop, a downstream Select-Object -First, or Ctrl+C: stop the work, let it save its state, then rethrow.
                writeFailure = e;
                _stopping.Cancel();
                item.Abandon();
            }
        }

        _queue = null;
        _pipelineThreadId = -1;
        ShutdownSignals.HoldWhileExiting();
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            if (writeFailure is null)
            {
                throw new PipelineStoppedException();
            }
        }
        catch (HlsEncoderException e) when (writeFailure is null)
        {
            ThrowTerminatingError(ErrorRecords.From(e, Redact));
        }

        if (writeFailure is not null)
        {
            ExceptionDispatchInfo.Throw(writeFailure);
        }
    }

    /// <summary>
    /// Runs one pipeline item's engine work: its result goes to the pipeline, and an engine failure
    /// becomes that item's error, so the next item still runs. Only a token the backend refuses stops
    /// the command, since every other item would be refused too.
    /// </summary>
    /// <param name="afterWritten">A step once the result is written, such as deleting what it no longer needs (-DeleteLocal).</param>
    /// <param name="describeError">Gives an item's error its context (which video) before it is written.</param>
    /// <param name="whenDone">Runs last whatever happened, such as completing the item's progress bar.</param>
    protected void RunItem<T>(
        Func<CancellationToken, Task<T>> work,
        Func<T, Task>? afterWritten = null,
        Func<HlsEncoderException, HlsEncoderException>? describeError = null,
        Action? whenDone = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        RunAsync(async token =>
        {
            try
            {
                var result = await work(token).ConfigureAwait(false);
                Emit(result);
                if (afterWritten is not null)
                {
                    await afterWritten(result).ConfigureAwait(false);
                }
            }
            catch (HlsEncoderException e) when (e is not Backend.BackendException { IsAuthorizationFailure: true })
            {
                EmitError(describeError is null ? e : describeError(e));
            }
            finally
            {
                whenDone?.Invoke();
            }
        });
    }

    /// <summary>The files that -Path (wildcards) or -LiteralPath name, whichever bound; one error for each argument that names no file-system path.</summary>
    protected IReadOnlyList<string> ResolveInput(string[] path, string[] literalPath)
    {
        var literal = ParameterSetName == LiteralPathSet;
        return PathResolver.Resolve(this, literal ? literalPath : path, literal, WriteError).ToArray();
    }

    /// <summary>Writes an object from any thread.</summary>
    protected void Emit(object? value) => OnPipelineThread(() => WriteObject(value));

    protected void EmitError(ErrorRecord record) => OnPipelineThread(() => WriteError(record));

    protected void EmitError(HlsEncoderException exception) => EmitError(ErrorRecords.From(exception, Redact));

    protected void EmitWarning(string message) => OnPipelineThread(() => WriteWarning(Redact(message)));

    protected void EmitVerbose(string message) => OnPipelineThread(() => WriteVerbose(Redact(message)));

    protected void EmitDebug(string message) => OnPipelineThread(() => WriteDebug(Redact(message)));

    /// <summary>Writes progress at a few updates a second per activity; completion and milestones always go through.</summary>
    protected internal void EmitProgress(ProgressRecord record, bool milestone = false)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_progress.ShouldWrite(record, milestone))
        {
            record.StatusDescription = Redact(record.StatusDescription);
            OnPipelineThread(() => WriteProgress(record));
        }
    }

    /// <summary>Asks ShouldProcess on the pipeline thread and returns its answer to the worker.</summary>
    protected Task<bool> ShouldProcessAsync(string target, string action)
    {
        if (_queue is null || Environment.CurrentManagedThreadId == _pipelineThreadId)
        {
            return Task.FromResult(ShouldProcess(target, action));
        }

        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new PumpItem(() => answer.TrySetResult(ShouldProcess(target, action)), () => answer.TrySetCanceled()));
        return answer.Task;
    }

    private void OnPipelineThread(Action write)
    {
        if (_queue is null || Environment.CurrentManagedThreadId == _pipelineThreadId)
        {
            write();
            return;
        }

        Post(new PumpItem(write, null));
    }

    private void Post(PumpItem item)
    {
        try
        {
            _queue?.Add(item);
        }
        catch (InvalidOperationException)
        {
            // The pump already ended: the work is being torn down and nothing more can be written.
            item.Abandon();
        }
    }

    private sealed record PumpItem(Action Run, Action? OnAbandon)
    {
        public void Abandon() => OnAbandon?.Invoke();
    }

    private sealed class CmdletLog(HlsEncoderCmdlet cmdlet) : IOperationLog
    {
        public void Verbose(string message) => cmdlet.EmitVerbose(message);

        public void Debug(string message) => cmdlet.EmitDebug(message);

        public void Warning(string message) => cmdlet.EmitWarning(message);
    }
}
