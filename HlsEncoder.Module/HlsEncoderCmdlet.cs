using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using HlsEncoder.Configuration;
using HlsEncoder.Module.Infrastructure;
using HlsEncoder.Module.Parameters;

namespace HlsEncoder.Module;

/// <summary>
/// The base of every HlsEncoder cmdlet. Engine work runs off the pipeline thread with a token that
/// StopProcessing (Ctrl+C) cancels, and so do SIGTERM, SIGHUP and SIGQUIT (<see cref="ShutdownSignals"/>);
/// everything it writes (objects, errors, progress, verbose) is queued and written here, on the
/// pipeline thread, where PowerShell requires it. The parameters it shares with other cmdlets come from
/// the groups its <see cref="SharedParametersAttribute"/> names; with -LogPath (or HLSENCODER_LOG_PATH)
/// it also keeps the run's machine-readable log (<see cref="RunLog"/>).
/// </summary>
public abstract class HlsEncoderCmdlet : PSCmdlet, IDynamicParameters, IDisposable
{
    /// <summary>The parameter set of -Path (wildcards), in every cmdlet that takes files.</summary>
    protected const string PathSet = "Path";

    /// <summary>The parameter set of -LiteralPath (alias PSPath, what Get-ChildItem pipes).</summary>
    protected const string LiteralPathSet = "LiteralPath";

    /// <summary>How long a command that ends early (an error, Ctrl+C) waits for its background work to wind down.</summary>
    private static readonly TimeSpan WindDownTimeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<string> _secrets = [];
    private readonly ProgressThrottle _progress = new(TimeSpan.FromMilliseconds(250));
    private readonly PipelinePump _pump;
    private readonly List<Task> _work = [];
    private Exception? _fatal;
    private bool _disposed;
    private ParameterGroups? _groups;
    private RunLog? _runLog;
    private long _runStarted;
    private int _results;
    private int _errors;
    private bool _failed;

    protected HlsEncoderCmdlet() => _pump = new PipelinePump(_stopping.Cancel);

    /// <summary>Cancelled by Ctrl+C (StopProcessing) or when a write on the pipeline thread fails.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    /// <summary>Tells the engine where to log; messages reach Write-Verbose/Write-Debug/Write-Warning, redacted.</summary>
    protected IOperationLog Log => new CmdletLog(this);

    private ParameterGroups Groups => _groups ??= new ParameterGroups(GetType());

    /// <summary>The shared parameters (<see cref="SharedParametersAttribute"/>), for PowerShell to bind.</summary>
    public object GetDynamicParameters() => Groups.Parameters;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            // A command that ended early (an error, Ctrl+C) stops what still runs in the background and lets it
            // wind down (kill ffmpeg, save the upload state, let go of the packages) before it is gone.
            var running = Running();
            if (running.Length > 0)
            {
                _stopping.Cancel();
                Task.WaitAny(Task.WhenAll(running), Task.Delay(WindDownTimeout));
            }

            EndRunLog(_failed ? "failed" : _stopping.IsCancellationRequested ? "stopped" : "completed", signal: null);
            _pump.Dispose();
            _stopping.Dispose();
        }

        _disposed = true;
    }

    /// <summary>Copies the shared parameters given into their groups; a command that overrides this calls it first.</summary>
    protected override void BeginProcessing()
    {
        _pump.Bind();
        Groups.Apply();
    }

    protected override void StopProcessing() => _stopping.Cancel();

    /// <summary>The command's group of shared parameters of type <typeparamref name="T"/> (one its SharedParameters attribute names).</summary>
    protected T Shared<T>()
        where T : class => Groups.Find<T>() ?? throw new InvalidOperationException($"{GetType().Name} does not take the {typeof(T).Name} parameters.");

    /// <summary>
    /// Reads the settings of a command that does not talk to the backend: <paramref name="parameters"/>,
    /// then the environment, the .env file in the current location (or HLSENCODER_ENV_FILE), then the
    /// defaults; and starts the run log when the command takes -LogPath.
    /// </summary>
    protected HlsEncoderConfiguration LoadSettings(IReadOnlyDictionary<string, string?> parameters, string? envFile = null)
    {
        HlsEncoderConfiguration? configuration = null;
        try
        {
            configuration = SettingsLoader.Load(new SettingsRequest
            {
                Parameters = parameters,
                EnvFile = envFile,
                WorkingDirectory = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
            });
        }
        catch (HlsEncoderException e)
        {
            Fail(e);
        }

        foreach (var secret in configuration.SecretValues())
        {
            AddSecret(secret);
        }

        if (configuration.EnvFilePath is { } file)
        {
            WriteVerbose($"Settings: read {file}.");
        }

        StartRunLog(configuration);
        return configuration;
    }

    /// <summary>The command's terminating error: written to the run log, then thrown.</summary>
    [DoesNotReturn]
    protected void Fail(HlsEncoderException exception) => Fail(ErrorRecords.From(exception, Redact));

    /// <inheritdoc cref="Fail(HlsEncoderException)"/>
    [DoesNotReturn]
    protected void Fail(ErrorRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _failed = true;
        LogError(record, terminating: true);
        ThrowTerminatingError(record);
        throw new UnreachableException();
    }

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
    protected void RunAsync(Func<CancellationToken, Task> work) => Wait(StartWork(work));

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
        Action? whenDone = null) => Wait(StartItem(work, afterWritten, describeError, whenDone));

    /// <summary>
    /// Starts one item's work as <see cref="RunItem"/> runs it, without waiting: its result and error reach
    /// the pipeline whenever the command pumps (<see cref="Wait"/>, <see cref="PumpAvailable"/>). A token
    /// the backend refuses stops every item's work and ends the command with that error.
    /// </summary>
    protected Task StartItem<T>(
        Func<CancellationToken, Task<T>> work,
        Func<T, Task>? afterWritten = null,
        Func<HlsEncoderException, HlsEncoderException>? describeError = null,
        Action? whenDone = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        return StartWork(async token =>
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
            catch (Backend.BackendException e) when (e.IsAuthorizationFailure)
            {
                Interlocked.CompareExchange(ref _fatal, e, null);
                _stopping.Cancel();
                throw;
            }
            catch (HlsEncoderException e)
            {
                EmitError(describeError is null ? e : describeError(e));
            }
            finally
            {
                whenDone?.Invoke();
            }
        });
    }

    /// <summary>Starts <paramref name="work"/> on the thread pool with the command's stop token; SIGTERM stops it too.</summary>
    protected Task StartWork(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _pump.Bind();
        var task = Task.Run(() => work(StopToken));
        var signals = ShutdownSignals.Track(_stopping, task, signal => EndRunLog("stopped", signal));
        lock (_work)
        {
            _work.Add(task);
        }

        _ = task.ContinueWith(
            ended =>
            {
                signals.Dispose();
                lock (_work)
                {
                    _work.Remove(ended);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return task;
    }

    /// <summary>
    /// Pumps what the command's work writes until <paramref name="task"/> ends, then surfaces its failure: an
    /// engine error as the command's terminating error, Ctrl+C as a stopped pipeline, a failed write as itself.
    /// </summary>
    protected void Wait(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        _pump.Pump(task);
        ShutdownSignals.HoldWhileExiting();
        var writeFailure = _pump.WriteFailure;
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            if (writeFailure is null && _fatal is null)
            {
                throw new PipelineStoppedException();
            }
        }
        catch (HlsEncoderException e) when (writeFailure is null)
        {
            Fail(e);
        }

        if (writeFailure is not null)
        {
            _failed = writeFailure is not PipelineStoppedException;
            ExceptionDispatchInfo.Throw(writeFailure);
        }

        if (_fatal is HlsEncoderException fatal)
        {
            Fail(fatal);
        }
    }

    /// <summary>Pumps until every piece of work the command started has ended (EndProcessing of a command that starts items without waiting).</summary>
    protected void WaitForAll() => Wait(Task.WhenAll(Running()));

    /// <summary>Writes what background work posted so far, without waiting; a failure there ends the command as <see cref="Wait"/> would.</summary>
    protected void PumpAvailable()
    {
        _pump.PumpAvailable();
        if (_pump.WriteFailure is not null || _fatal is not null)
        {
            WaitForAll();
        }
    }

    private Task[] Running()
    {
        lock (_work)
        {
            return [.. _work];
        }
    }

    /// <summary>The files that -Path (wildcards) or -LiteralPath name, whichever bound; one error for each argument that names no file-system path.</summary>
    protected IReadOnlyList<string> ResolveInput(string[] path, string[] literalPath)
    {
        var literal = ParameterSetName == LiteralPathSet;
        return PathResolver.Resolve(this, literal ? literalPath : path, literal, EmitError).ToArray();
    }

    /// <summary>Writes an object from any thread.</summary>
    protected void Emit(object? value)
    {
        Interlocked.Increment(ref _results);
        OnPipelineThread(() => WriteObject(value));
    }

    /// <summary>Writes an item's error (the command goes on) from any thread, and to the run log.</summary>
    protected void EmitError(ErrorRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Interlocked.Increment(ref _errors);
        LogError(record, terminating: false);
        OnPipelineThread(() => WriteError(record));
    }

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
        // Asked on the pipeline thread at once, or from the work when the command next pumps.
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pump.Write(() => answer.TrySetResult(ShouldProcess(target, action)), () => answer.TrySetCanceled());
        return answer.Task;
    }

    /// <summary>
    /// Opens the run log when the command takes -LogPath and it, or HLSENCODER_LOG_PATH, names a file;
    /// the first line says what runs: the command, the module's version and the parameters given (their names).
    /// </summary>
    protected void StartRunLog(HlsEncoderConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (_runLog is not null || Groups.Find<RunLogParameters>() is not { } group
            || (group.LogPath ?? configuration.GetValue(SettingNames.LogPath)) is not { } path)
        {
            return;
        }

        try
        {
            _runLog = RunLog.Open(GetUnresolvedProviderPathFromPSPath(path), MyInvocation.MyCommand.Name);
        }
        catch (HlsEncoderException e)
        {
            Fail(e);
        }

        _runStarted = Stopwatch.GetTimestamp();
        WriteVerbose($"Run log: {_runLog.Path} (run {_runLog.RunId}).");
        LogEvent("run.start", [
            ("version", MyInvocation.MyCommand.Module?.Version.ToString()),
            ("parameters", MyInvocation.BoundParameters.Keys.Order(StringComparer.Ordinal).ToArray())]);
    }

    private void LogEvent(string name, (string Key, object? Value)[] fields)
    {
        if (Volatile.Read(ref _runLog) is { } log)
        {
            WriteEvent(log, name, fields);
        }
    }

    private void WriteEvent(RunLog log, string name, (string Key, object? Value)[] fields)
    {
        try
        {
            log.Write(name, fields.Select(f => KeyValuePair.Create(f.Key, Redacted(f.Value))));
        }
        catch (IOException e)
        {
            // A full disk or a lost share must not stop the work the log describes; say so once and stop logging.
            if (Interlocked.CompareExchange(ref _runLog, null, log) == log)
            {
                log.Dispose();
                EmitWarning($"The run log {log.Path} could not be written ({e.Message}); the run goes on without it.");
            }
        }
        catch (ObjectDisposedException)
        {
            // The run ended (a signal, or disposal) while work still reported.
        }
    }

    private object? Redacted(object? value) => value switch
    {
        string text => Redact(text),
        Uri url => Redact(url.ToString()),
        IEnumerable<string> texts => texts.Select(Redact).ToArray(),
        _ => value,
    };

    private void LogError(ErrorRecord record, bool terminating) => LogEvent("error", [
        // The ErrorId as the command gives it; PowerShell adds ",<command type>" once the record is written.
        ("errorId", record.FullyQualifiedErrorId.Split(',')[0]),
        ("category", record.CategoryInfo.Category.ToString()),
        ("message", record.ErrorDetails?.Message ?? record.Exception.Message),
        ("target", record.TargetObject?.ToString()),
        ("terminating", terminating)]);

    /// <summary>The run's summary, its last line: how it ended, what it wrote, how long it took.</summary>
    private void EndRunLog(string outcome, PosixSignal? signal)
    {
        if (Interlocked.Exchange(ref _runLog, null) is not { } log)
        {
            return;
        }

        WriteEvent(log, "run.end", [
            ("outcome", outcome),
            ("signal", signal?.ToString()),
            ("results", Volatile.Read(ref _results)),
            ("errors", Volatile.Read(ref _errors)),
            ("seconds", Math.Round(Stopwatch.GetElapsedTime(_runStarted).TotalSeconds, 3))]);
        log.Dispose();
    }

    private void OnPipelineThread(Action write) => _pump.Write(write);

    private sealed class CmdletLog(HlsEncoderCmdlet cmdlet) : IOperationLog
    {
        public void Verbose(string message) => cmdlet.EmitVerbose(message);

        public void Debug(string message) => cmdlet.EmitDebug(message);

        public void Warning(string message) => cmdlet.EmitWarning(message);

        public void Event(string name, params (string Key, object? Value)[] fields) => cmdlet.LogEvent(name, fields);
    }
}
