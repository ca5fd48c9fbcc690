using System.Diagnostics;
using System.Text.Json;

namespace HlsEncoder.Tests;

public sealed class FileLockTests : IDisposable
{
    private static readonly DateTimeOffset Since = new(2026, 12, 4, 9, 30, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-lock-").FullName;

    private string LockPath => Path.Combine(_folder, ".lecture.lock");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_free_lock_is_taken_and_a_second_taker_is_told_who_holds_it()
    {
        using var first = FileLock.TryAcquire(LockPath, Holder("encoding lecture.mp4"), out _);

        var second = FileLock.TryAcquire(LockPath, Holder("publishing lecture.mp4"), out var holder);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(holder);
        Assert.Equal("encoding lecture.mp4", holder.Activity);
        Assert.Equal(Environment.ProcessId, holder.Process.Id);
        Assert.Equal(Environment.MachineName, holder.Host);
        Assert.Equal(Since, holder.Since);
        Assert.Contains($"process {Environment.ProcessId} on {Environment.MachineName}", holder.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Releasing_deletes_the_file_and_the_lock_can_be_taken_again()
    {
        var first = FileLock.TryAcquire(LockPath, Holder("encoding"), out _);
        Assert.NotNull(first);
        Assert.True(File.Exists(LockPath));

        first.Dispose();
        Assert.False(File.Exists(LockPath));
        using var again = FileLock.TryAcquire(LockPath, Holder("encoding again"), out var holder);

        Assert.NotNull(again);
        Assert.Equal("encoding again", holder!.Activity);
        Assert.Null(again.Previous);
    }

    [Fact]
    public void The_details_of_a_holder_that_died_are_handed_to_the_next_taker()
    {
        var dead = Holder("encoding lecture.mp4") with { Process = new ProcessIdentity(999_999, Since.UtcDateTime, "pwsh"), Child = new ProcessIdentity(999_998, Since.UtcDateTime, "ffmpeg") };
        File.WriteAllBytes(LockPath, JsonSerializer.SerializeToUtf8Bytes(dead, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

        using var taken = FileLock.TryAcquire(LockPath, Holder("publishing"), out _);

        Assert.NotNull(taken);
        Assert.Equal(999_999, taken.Previous!.Process.Id);
        Assert.Equal(new ProcessIdentity(999_998, Since.UtcDateTime, "ffmpeg"), taken.Previous.Child);
        Assert.Equal("publishing", FileLock.ReadHolder(LockPath)!.Activity);
    }

    [Fact]
    public void Updating_the_holder_is_seen_by_readers_while_the_lock_is_held()
    {
        using var taken = FileLock.TryAcquire(LockPath, Holder("encoding"), out _);
        var ffmpeg = new ProcessIdentity(4321, Since.UtcDateTime, "ffmpeg");

        taken!.Update(h => h with { Child = ffmpeg });

        Assert.Equal(ffmpeg, FileLock.ReadHolder(LockPath)!.Child);
        Assert.Equal(ffmpeg, taken.Holder.Child);
    }

    [Fact]
    public void A_lock_held_by_another_process_is_refused_until_that_process_dies_then_released_by_the_system()
    {
        // util-linux's flock(1) takes the same flock(2) lock that .NET takes on Linux, from a process of its own.
        File.WriteAllText(LockPath, string.Empty);
        // (--close: flock(1) holds the lock itself; the sleep it runs does not inherit it.)
        using var other = Process.Start(new ProcessStartInfo("flock", ["--exclusive", "--close", LockPath, "sleep", "60"]) { UseShellExecute = false })!;
        try
        {
            Assert.True(WaitUntilHeld(), "flock(1) took the lock");
            Assert.Null(FileLock.TryAcquire(LockPath, Holder("publishing"), out var holder));
            Assert.Null(holder);

            other.Kill(entireProcessTree: true);
            other.WaitForExit();
            using var taken = FileLock.TryAcquire(LockPath, Holder("publishing"), out _);

            Assert.NotNull(taken);
        }
        finally
        {
            if (!other.HasExited)
            {
                other.Kill(entireProcessTree: true);
            }
        }
    }

    private bool WaitUntilHeld()
    {
        // flock(1) starts before it locks: ask the kernel (not the clock) until it holds it. A probe that
        // gets the lock first releases it at once, and flock(1), which waits for it, then takes it.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            using var probe = Process.Start(new ProcessStartInfo("flock", ["--exclusive", "--nonblock", LockPath, "true"]) { UseShellExecute = false })!;
            probe.WaitForExit();
            if (probe.ExitCode != 0)
            {
                return true;
            }
        }

        return false;
    }

    private static LockHolder Holder(string activity) => new() { Process = ProcessIdentity.Current, Activity = activity, Since = Since };
}
