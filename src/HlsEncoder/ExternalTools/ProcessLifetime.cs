using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace HlsEncoder.ExternalTools;

/// <summary>
/// Starts child processes so that they end when this process ends, however it ends (Ctrl+C, SIGTERM,
/// kill -9, a remoting session that breaks):
/// <list type="bullet">
/// <item>Linux: the child asks the kernel for SIGKILL when its parent dies (PR_SET_PDEATHSIG, set by
/// util-linux's setpriv just before it executes the program). The kernel sends it when the thread that
/// forked the child ends, not the process, so every child is forked from one thread that lives as long
/// as the process: a pool thread that retires would kill a healthy encode.</item>
/// <item>Windows: every child joins a job object that kills its processes when its last handle, held
/// by this process, closes (<see cref="WindowsJobObject"/>).</item>
/// <item>Elsewhere (macOS), or without setpriv: a child can outlive a killed parent; the package lock
/// records it, and the next run that needs the package stops it first.</item>
/// </list>
/// </summary>
internal static class ProcessLifetime
{
    /// <summary>Set to 1 to start children without the death signal: for the tests of the orphan rule.</summary>
    internal const string DisableVariable = "HLSENCODER_TEST_DETACHED_CHILDREN";

    private static readonly Lazy<string?> SetprivPath = new(FindSetpriv);
    private static readonly Lazy<Launcher> LinuxLauncher = new(() => new Launcher());
    private static readonly Lazy<WindowsJobObject?> Job = new(WindowsJobObject.TryCreate);

    /// <summary>How children of this process are tied to it, for the debug log and the docs.</summary>
    public static string Describe() =>
        OperatingSystem.IsWindows() ? (Job.Value is null ? "not tied (no job object)" : "a job object that kills them with this process")
        : OperatingSystem.IsLinux() && DeathSignalAvailable ? "SIGKILL when this process dies (setpriv --pdeathsig)"
        : "not tied: an orphan is stopped by the next run that needs its package";

    /// <summary>True when a child dies with this process, however it ends (what <see cref="Describe"/> says in words).</summary>
    internal static bool TiesChildren =>
        OperatingSystem.IsWindows() ? Job.Value is not null : OperatingSystem.IsLinux() && DeathSignalAvailable;

    private static bool DeathSignalAvailable =>
        SetprivPath.Value is not null && Environment.GetEnvironmentVariable(DisableVariable) != "1";

    public static Process Start(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (OperatingSystem.IsLinux() && DeathSignalAvailable)
        {
            return LinuxLauncher.Value.Start(WithDeathSignal(start, SetprivPath.Value!));
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        if (OperatingSystem.IsWindows())
        {
            Job.Value?.Assign(process);
        }

        return process;
    }

    /// <summary>The same start, through "setpriv --pdeathsig KILL -- program arguments..." (setpriv then executes the program in place).</summary>
    /// <exception cref="Win32Exception">The program does not exist, as Process.Start would say.</exception>
    internal static ProcessStartInfo WithDeathSignal(ProcessStartInfo start, string setpriv)
    {
        // setpriv would start and then fail to run a missing program: fail here, as a direct start would.
        var program = Resolve(start.FileName) ?? throw new Win32Exception(2, $"No such file or directory: {start.FileName}");
        var wrapped = new ProcessStartInfo(setpriv)
        {
            RedirectStandardInput = start.RedirectStandardInput,
            RedirectStandardOutput = start.RedirectStandardOutput,
            RedirectStandardError = start.RedirectStandardError,
            StandardOutputEncoding = start.StandardOutputEncoding,
            StandardErrorEncoding = start.StandardErrorEncoding,
            UseShellExecute = false,
            WorkingDirectory = start.WorkingDirectory,
        };
        foreach (var argument in new[] { "--pdeathsig", "KILL", "--", program }.Concat(start.ArgumentList))
        {
            wrapped.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in start.Environment)
        {
            wrapped.Environment[name] = value;
        }

        return wrapped;
    }

    /// <summary>The program's full path: as given when it has a folder, else the first match on PATH; null when there is none.</summary>
    private static string? Resolve(string program)
    {
        if (program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
    }

    private static string? FindSetpriv()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        // util-linux 2.33 (2018) added --pdeathsig; Debian 10+, Ubuntu 20.04+ and RHEL 8+ have it.
        foreach (var path in new[] { "/usr/bin/setpriv", "/bin/setpriv" })
        {
            if (File.Exists(path) && SupportsDeathSignal(path))
            {
                return path;
            }
        }

        return null;
    }

    private static bool SupportsDeathSignal(string setpriv)
    {
        try
        {
            var probe = new ProcessStartInfo(setpriv) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { "--pdeathsig", "KILL", "--", "true" })
            {
                probe.ArgumentList.Add(argument);
            }

            using var process = Process.Start(probe);
            return process is not null && process.WaitForExit(5000) && process.ExitCode == 0;
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>One thread, alive as long as the process, that forks every child.</summary>
    private sealed class Launcher
    {
        private readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> _requests = [];

        public Launcher()
        {
            var thread = new Thread(Run) { IsBackground = true, Name = "HlsEncoder child launcher" };
            thread.Start();
        }

        public Process Start(ProcessStartInfo start)
        {
            var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
            _requests.Add((start, started));
            var process = started.Task.GetAwaiter().GetResult();
            WaitUntilProgramRuns(process);
            return process;
        }

        /// <summary>
        /// setpriv asks for the death signal and then becomes the program; until it has, a parent that died
        /// would leave the program untied. That takes about a millisecond: wait for it (at most 200 ms).
        /// </summary>
        private static void WaitUntilProgramRuns(Process process)
        {
            var comm = $"/proc/{process.Id}/comm";
            for (var i = 0; i < 200; i++)
            {
                try
                {
                    if (File.ReadAllText(comm).Trim() != "setpriv")
                    {
                        return;
                    }
                }
                catch (IOException)
                {
                    return;
                }

                Thread.Sleep(1);
            }
        }

        private void Run()
        {
            foreach (var (start, started) in _requests.GetConsumingEnumerable())
            {
                try
                {
                    started.SetResult(Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start."));
                }
                catch (Exception e)
                {
                    started.SetException(e);
                }
            }
        }
    }
}
