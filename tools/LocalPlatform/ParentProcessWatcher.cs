using System.Diagnostics;

namespace LocalPlatform;

public sealed class ParentProcessWatcher(int parentPid, IHostApplicationLifetime lifetime) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var startTime = StartTimeOf(parentPid);
        using var timer = new PeriodicTimer(Interval);
        while (startTime is not null && IsAlive(parentPid, startTime.Value))
        {
            if (!await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                return;
            }
        }
        lifetime.StopApplication();
    }

    // The start time guards against the pid being reused by an unrelated process.
    private static bool IsAlive(int pid, DateTime startTime) => StartTimeOf(pid) == startTime && !IsZombie(pid);

    private static DateTime? StartTimeOf(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsZombie(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!OperatingSystem.IsLinux() || !File.Exists(stat))
        {
            return false;
        }
        try
        {
            var text = File.ReadAllText(stat);
            var afterName = text.LastIndexOf(')');
            return afterName > 0 && afterName + 2 < text.Length && text[afterName + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }
}
