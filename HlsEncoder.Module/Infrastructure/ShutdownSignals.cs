using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>
/// SIGTERM, SIGHUP and SIGQUIT (how systemd, a container runtime, a scheduler, a closed terminal or
/// Stop-Process end a job) act like Ctrl+C for the module's running work: the work is cancelled, so
/// ffmpeg is killed, the upload state is saved and nothing half-written becomes a package; then the
/// process exits with 128 + the signal's number, as a shell reports it. With no module work running,
/// the signal is left to PowerShell's own handling. On Windows the same registrations receive the
/// console's close, logoff and shutdown events.
/// </summary>
internal static class ShutdownSignals
{
    /// <summary>How long running work gets to wind down before the process exits anyway.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(15);

    private static readonly ConcurrentDictionary<int, Work> Running = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static readonly ManualResetEventSlim Exiting = new();
    private static int _nextId;

    public static void Register()
    {
        lock (Registrations)
        {
            if (Registrations.Count > 0)
            {
                return;
            }

            foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
            {
                try
                {
                    Registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
                }
                catch (PlatformNotSupportedException)
                {
                    // This platform does not deliver that signal.
                }
            }
        }
    }

    public static void Unregister()
    {
        lock (Registrations)
        {
            Registrations.ForEach(r => r.Dispose());
            Registrations.Clear();
        }
    }

    /// <summary>
    /// Announces work that a signal must stop: its cancellation, the task that ends when it has wound down,
    /// and what to do once it has, before the process exits (write the run log's last line).
    /// </summary>
    public static IDisposable Track(CancellationTokenSource stop, Task work, Action<PosixSignal>? beforeExit = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        Running[id] = new Work(stop, work, beforeExit);
        return new Registration(id);
    }

    /// <summary>
    /// Called on the pipeline thread once the work has ended: while the process is exiting for a signal,
    /// nothing more may run (not the rest of the script), so this waits for the exit.
    /// </summary>
    public static void HoldWhileExiting()
    {
        if (Exiting.IsSet)
        {
            Thread.Sleep(DrainTimeout * 2);
        }
    }

    /// <summary>The exit code a shell shows for a process ended by <paramref name="signal"/>: 128 + its number.</summary>
    internal static int ExitCode(PosixSignal signal) => 128 + signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGQUIT => 3,
        _ => 15,
    };

    private static void OnSignal(PosixSignalContext context)
    {
        var work = Running.Values.ToArray();
        if (work.Length == 0)
        {
            return;
        }

        context.Cancel = true;
        Exiting.Set();
        foreach (var item in work)
        {
            item.Stop.Cancel();
        }

        try
        {
            Task.WaitAll(work.Select(w => w.Task).ToArray(), DrainTimeout);
        }
        catch (AggregateException)
        {
            // Cancelled work ends in an exception; it has ended, which is all that counts here.
        }

        foreach (var item in work)
        {
            item.BeforeExit?.Invoke(context.Signal);
        }

        Environment.Exit(ExitCode(context.Signal));
    }

    private sealed record Work(CancellationTokenSource Stop, Task Task, Action<PosixSignal>? BeforeExit);

    private sealed class Registration(int id) : IDisposable
    {
        public void Dispose() => Running.TryRemove(id, out _);
    }
}
