using System.Diagnostics;

namespace HlsEncoder;

/// <summary>
/// A process as a later run can recognise it: its id, when it started and its name. An id alone is
/// not enough, since ids are reused; the same id with the same start time is the same process.
/// </summary>
public sealed record ProcessIdentity(int Id, DateTime StartTimeUtc, string Name)
{
    /// <summary>How far two readings of one start time may differ (the OS rounds it to clock ticks).</summary>
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(1);

    public static ProcessIdentity Current { get; } = OfCurrentProcess();

    private static ProcessIdentity OfCurrentProcess()
    {
        using var current = Process.GetCurrentProcess();
        return Of(current, current.ProcessName);
    }

    internal static ProcessIdentity Of(Process process, string name)
    {
        ArgumentNullException.ThrowIfNull(process);
        DateTime started;
        try
        {
            started = process.StartTime.ToUniversalTime();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            started = DateTime.UtcNow;
        }

        return new ProcessIdentity(process.Id, started, name);
    }

    /// <summary>The running process this identity names, or null when it has ended (or its id now belongs to another).</summary>
    internal Process? FindRunning()
    {
        Process process;
        try
        {
            process = Process.GetProcessById(Id);
        }
        catch (ArgumentException)
        {
            return null;
        }

        try
        {
            if (!process.HasExited && Math.Abs((process.StartTime.ToUniversalTime() - StartTimeUtc).Ticks) <= StartTimeTolerance.Ticks && !IsZombie(Id))
            {
                return process;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // It ended while we looked, or it is not ours to see.
        }

        process.Dispose();
        return null;
    }

    /// <summary>Whether the process is still running.</summary>
    public bool IsRunning()
    {
        using var process = FindRunning();
        return process is not null;
    }

    /// <summary>Kills the process (and what it started) if it still runs, and waits for it to end; true when it was running.</summary>
    public bool Stop(TimeSpan wait)
    {
        using var process = FindRunning();
        if (process is null)
        {
            return false;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own meanwhile.
        }

        process.WaitForExit(wait);
        return true;
    }

    public override string ToString() => $"{Name} (process {Id}, started {StartTimeUtc:u})";

    /// <summary>A dead child that nobody has reaped yet: ended, though its id still shows.</summary>
    private static bool IsZombie(int id)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{id}/stat");
            // "pid (comm) S ...": the state follows the last ')', as comm may hold spaces and parentheses.
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] == 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
