using HlsEncoder.ExternalTools;

namespace HlsEncoder.Diagnostics;

/// <summary>
/// Whether the ffmpeg a command starts dies with it when pwsh is killed outright (kill -9, a scheduler
/// that gives up), as <see cref="ProcessLifetime"/> arranges: on Linux through setpriv's parent-death
/// signal, on Windows through a job object. Without that it is a warning, not a failure: an orphaned
/// ffmpeg keeps running until the next run that needs its package stops it.
/// </summary>
public static class ChildProcessCheck
{
    public static EnvironmentCheck Run() => Judge(
        ProcessLifetime.TiesChildren,
        ProcessLifetime.Describe(),
        OperatingSystem.IsLinux(),
        Environment.GetEnvironmentVariable(ProcessLifetime.DisableVariable) == "1");

    /// <summary>The verdict from what the system offers; separate so that each branch has a test.</summary>
    internal static EnvironmentCheck Judge(bool tied, string how, bool linux, bool disabled)
    {
        const string Name = EnvironmentCheckNames.ChildProcesses;
        if (tied)
        {
            return EnvironmentCheck.Passed(Name, $"ffmpeg is stopped with the command that started it: {how}.");
        }

        var detail = "ffmpeg is not tied to the command that starts it: if pwsh is killed outright, an orphaned ffmpeg keeps running until the next run that needs its package stops it.";
        var fix = !linux
            ? "Nothing to install on this system. After a run that was killed, run the same command again: it stops the orphaned ffmpeg before it starts its own."
            : disabled
                ? $"Remove the test setting {ProcessLifetime.DisableVariable} from the environment."
                : "Install util-linux 2.33 or later, whose setpriv can set the parent-death signal: sudo apt-get install util-linux (Debian, Ubuntu) or sudo dnf install util-linux (Fedora, RHEL). It works when 'setpriv --pdeathsig KILL -- true' succeeds.";
        return EnvironmentCheck.Warning(Name, detail, fix);
    }
}
