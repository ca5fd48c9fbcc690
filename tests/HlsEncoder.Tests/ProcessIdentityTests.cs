using System.Diagnostics;

namespace HlsEncoder.Tests;

public sealed class ProcessIdentityTests
{
    [Fact]
    public void A_running_process_is_recognised_by_id_and_start_time_and_stopped()
    {
        using var sleep = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        var identity = new ProcessIdentity(sleep.Id, sleep.StartTime.ToUniversalTime(), "sleep");

        Assert.True(identity.IsRunning());
        Assert.True(identity.Stop(TimeSpan.FromSeconds(5)));
        Assert.True(sleep.HasExited);
        Assert.False(identity.IsRunning());
        Assert.False(identity.Stop(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_reused_id_is_not_the_process_that_once_had_it()
    {
        using var sleep = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            var earlier = new ProcessIdentity(sleep.Id, sleep.StartTime.ToUniversalTime().AddMinutes(-10), "ffmpeg");

            Assert.False(earlier.IsRunning());
            Assert.False(earlier.Stop(TimeSpan.FromSeconds(5)));
            Assert.False(sleep.HasExited);
        }
        finally
        {
            sleep.Kill();
        }
    }

    [Fact]
    public void This_process_knows_itself()
    {
        Assert.Equal(Environment.ProcessId, ProcessIdentity.Current.Id);
        Assert.True(ProcessIdentity.Current.IsRunning());
        Assert.InRange(ProcessIdentity.Current.StartTimeUtc, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow);
    }
}
