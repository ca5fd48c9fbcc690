using HlsEncoder.Diagnostics;

namespace HlsEncoder.Tests.Diagnostics;

public sealed class ChildProcessCheckTests
{
    [Fact]
    public void On_this_linux_machine_children_die_with_the_process()
    {
        // The machines these tests run on (Debian 12) have util-linux's setpriv with --pdeathsig.
        Assert.True(File.Exists("/usr/bin/setpriv") || File.Exists("/bin/setpriv"), "setpriv is missing on this machine");

        var check = ChildProcessCheck.Run();

        Assert.Equal((EnvironmentCheckNames.ChildProcesses, EnvironmentCheckStatus.Passed, null), (check.Name, check.Status, check.Fix));
        Assert.Equal("ffmpeg is stopped with the command that started it: SIGKILL when this process dies (setpriv --pdeathsig).", check.Detail);
    }

    [Theory]
    [InlineData(true, false, "Install util-linux 2.33 or later")]
    [InlineData(true, true, "Remove the test setting HLSENCODER_TEST_DETACHED_CHILDREN")]
    [InlineData(false, false, "Nothing to install on this system.")]
    public void Untied_children_are_a_warning_about_orphans_with_what_to_do(bool linux, bool disabled, string fix)
    {
        var check = ChildProcessCheck.Judge(tied: false, how: "not tied", linux, disabled);

        Assert.Equal(EnvironmentCheckStatus.Warning, check.Status);
        Assert.Contains("an orphaned ffmpeg keeps running until the next run that needs its package stops it", check.Detail, StringComparison.Ordinal);
        Assert.StartsWith(fix, check.Fix, StringComparison.Ordinal);
    }
}
