using System.Diagnostics;
using HlsEncoder.ExternalTools;
using HlsEncoder.Tests.Infrastructure;

namespace HlsEncoder.Tests.ExternalTools;

public sealed class ChildProcessTests
{
    private readonly RecordingLog _log = new();

    [Fact]
    public async Task A_program_run_to_its_end_gives_its_exit_code_its_output_and_the_tail_of_its_errors()
    {
        var (exitCode, output, errors) = await ChildProcess.RunToEndAsync(
            "sh", ["-c", "echo out; for i in $(seq 1 20); do echo \"line $i\" >&2; done; exit 3"], _log, CancellationToken.None);

        Assert.Equal(3, exitCode);
        Assert.Equal("out\n", output);
        Assert.StartsWith("line 9 | line 10", errors, StringComparison.Ordinal);
        Assert.EndsWith("line 20", errors, StringComparison.Ordinal);
        Assert.Contains("DEBUG: sh: line 1", _log.All, StringComparison.Ordinal);
        Assert.Contains("DEBUG: Running: sh -c", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_kills_the_program_and_returns_once_it_is_gone()
    {
        await using var child = ChildProcess.Start("sleep", ["30"], workingDirectory: null, _log);
        using var cancellation = new CancellationTokenSource();
        var waiting = child.WaitForExitAsync(cancellation.Token);
        var clock = Stopwatch.StartNew();

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        Assert.False(child.Identity.IsRunning());
        // The stop itself is a SIGKILL; the bound leaves room for a loaded machine (the suite runs classes in parallel).
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_child_knows_its_identity_and_is_a_direct_child_of_this_process()
    {
        await using var child = ChildProcess.Start("sleep", ["30"], workingDirectory: null, _log);

        Assert.Equal("sleep", child.Identity.Name);
        Assert.True(child.Identity.IsRunning());
        if (OperatingSystem.IsLinux())
        {
            // setpriv sets the death signal and then becomes the program: one process, this one its parent.
            var stat = File.ReadAllText($"/proc/{child.Identity.Id}/stat");
            Assert.Equal(Environment.ProcessId, int.Parse(stat[(stat.LastIndexOf(')') + 4)..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void A_program_that_cannot_be_started_is_a_clear_error()
    {
        var error = Assert.Throws<HlsEncoderException>(() => ChildProcess.Start("/nonexistent/ffmpeg", [], workingDirectory: null, _log));

        Assert.Equal(("FfmpegNotFound", FailureKind.NotFound), (error.ErrorId, error.Kind));
    }

    [Fact]
    public void The_death_signal_wraps_the_program_and_keeps_its_arguments_and_settings()
    {
        var start = new ProcessStartInfo("/usr/bin/ffmpeg") { WorkingDirectory = "/tmp/work", RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-i");
        start.ArgumentList.Add("file:/videos/a b.mp4");
        start.Environment["LANG"] = "C.UTF-8";

        var wrapped = ProcessLifetime.WithDeathSignal(start, "/usr/bin/setpriv");

        Assert.Equal("/usr/bin/setpriv", wrapped.FileName);
        Assert.Equal(["--pdeathsig", "KILL", "--", "/usr/bin/ffmpeg", "-i", "file:/videos/a b.mp4"], wrapped.ArgumentList);
        Assert.Equal("/usr/bin/sleep", ProcessLifetime.WithDeathSignal(new ProcessStartInfo("sleep"), "/usr/bin/setpriv").ArgumentList[3]);
        Assert.Throws<System.ComponentModel.Win32Exception>(() => ProcessLifetime.WithDeathSignal(new ProcessStartInfo("no-such-program-here"), "/usr/bin/setpriv"));
        Assert.Equal("/tmp/work", wrapped.WorkingDirectory);
        Assert.True(wrapped.RedirectStandardOutput && wrapped.RedirectStandardError && !wrapped.RedirectStandardInput);
        Assert.Equal("C.UTF-8", wrapped.Environment["LANG"]);
        Assert.Contains("SIGKILL", ProcessLifetime.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_windows_job_object_is_declared_as_windows_lays_it_out()
    {
        // JOBOBJECT_BASIC_LIMIT_INFORMATION and JOBOBJECT_EXTENDED_LIMIT_INFORMATION on 64-bit Windows.
        Assert.Equal(64, System.Runtime.InteropServices.Marshal.SizeOf<WindowsJobObject.BasicLimits>());
        Assert.Equal(144, System.Runtime.InteropServices.Marshal.SizeOf<WindowsJobObject.ExtendedLimits>());
        Assert.Equal(0x2000, WindowsJobObject.KillOnCloseLimits().Basic.LimitFlags);
        Assert.Equal(OperatingSystem.IsWindows(), WindowsJobObject.TryCreate() is not null);
    }
}
