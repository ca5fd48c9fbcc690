using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace HlsEncoder.ExternalTools;

/// <summary>
/// One external program the engine runs (ffmpeg or ffprobe), and the only place that starts one. It owns
/// the rules every child follows: arguments as a list (no shell, no quoting), standard input closed,
/// standard error kept as a short tail for the error message and passed to the debug log, cancellation
/// that kills the process and waits until it is gone, and a lifetime tied to this process
/// (<see cref="ProcessLifetime"/>), so that nothing it starts outlives it.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int ErrorLinesKept = 12;

    private readonly Process _process;
    private readonly Task _errorPump;
    private readonly Queue<string> _errorTail = new();
    private bool _disposed;

    private ChildProcess(Process process, string name, IOperationLog log, Action<string>? onErrorLine)
    {
        _process = process;
        Name = name;
        Identity = ProcessIdentity.Of(process, name);
        _errorPump = PumpErrorsAsync(log, onErrorLine);
    }

    /// <summary>The program's file name without its extension, such as "ffmpeg".</summary>
    public string Name { get; }

    /// <summary>Its process id and start time: enough for a later run to recognise it as an orphan.</summary>
    public ProcessIdentity Identity { get; }

    /// <summary>The program's standard output, as bytes; the caller reads it (the program waits when nobody does).</summary>
    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    /// <summary>The last lines the program wrote to standard error, joined with " | "; empty when it wrote none.</summary>
    public string ErrorTail
    {
        get
        {
            lock (_errorTail)
            {
                return string.Join(" | ", _errorTail);
            }
        }
    }

    /// <param name="workingDirectory">Where the program runs; null keeps this process's current folder.</param>
    /// <param name="onErrorLine">Told every line of standard error, for a program that reports its results there (ffmpeg's filters' summaries), beyond the short tail kept.</param>
    /// <exception cref="HlsEncoderException">ErrorId "FfmpegNotFound" when the program cannot be started.</exception>
    public static ChildProcess Start(string program, IEnumerable<string> arguments, string? workingDirectory, IOperationLog log, Action<string>? onErrorLine = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(program);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(log);
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        var name = Path.GetFileNameWithoutExtension(program);
        log.Debug($"Running{(workingDirectory is null ? string.Empty : $" in {workingDirectory}")}: {program} {CommandLine.Join(start.ArgumentList)}");
        Process process;
        try
        {
            process = ProcessLifetime.Start(start);
        }
        catch (Win32Exception e)
        {
            throw new HlsEncoderException("FfmpegNotFound", FailureKind.NotFound, $"{program} could not be started: {e.Message}", program, e);
        }

        // Nothing is ever typed to a child; a closed input also stops ffmpeg from reading the console.
        process.StandardInput.Close();
        var child = new ChildProcess(process, name, log, onErrorLine);
        log.Debug($"Started {name}: process {child.Identity.Id}.");
        return child;
    }

    /// <summary>Runs a program to its end and returns what it wrote (as text) with its exit code; cancelling kills it.</summary>
    public static Task<(int ExitCode, string Output, string Errors)> RunToEndAsync(
        string program, IEnumerable<string> arguments, IOperationLog log, CancellationToken cancellationToken) =>
        RunToEndAsync(program, arguments, workingDirectory: null, log, cancellationToken);

    /// <param name="workingDirectory">Where the program runs; null keeps this process's current folder.</param>
    public static async Task<(int ExitCode, string Output, string Errors)> RunToEndAsync(
        string program, IEnumerable<string> arguments, string? workingDirectory, IOperationLog log, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var child = Start(program, arguments, workingDirectory, log);
        using var reader = new StreamReader(child.StandardOutput, new UTF8Encoding(false));
        var output = reader.ReadToEndAsync(CancellationToken.None);
        var exitCode = await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return (exitCode, await output.ConfigureAwait(false), child.ErrorTail);
    }

    /// <summary>
    /// Waits for the program to end and returns its exit code. Cancelling kills it (and anything it
    /// started), waits until it is gone, and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await StopAsync().ConfigureAwait(false);
            throw;
        }

        await _errorPump.ConfigureAwait(false);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>Kills the program if it still runs and returns once it has exited.</summary>
    private async Task StopAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await _errorPump.ConfigureAwait(false);
    }

    private async Task PumpErrorsAsync(IOperationLog log, Action<string>? onErrorLine)
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onErrorLine?.Invoke(line);
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            log.Debug($"{Name}: {line}");
            lock (_errorTail)
            {
                _errorTail.Enqueue(line.Trim());
                if (_errorTail.Count > ErrorLinesKept)
                {
                    _errorTail.Dequeue();
                }
            }
        }
    }
}
