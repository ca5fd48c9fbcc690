using System.Diagnostics;
using System.Text.Json;
using HlsEncoder.Packaging;
using HlsEncoder.Tests.Infrastructure;

namespace HlsEncoder.Tests.Packaging;

public sealed class PackageLockTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hlsenc-pkglock-").FullName;
    private readonly RecordingLog _log = new();

    private string Package => Path.Combine(_root, "lecture");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void The_lock_file_sits_beside_the_package_folder_hidden()
    {
        Assert.Equal(Path.Combine(_root, ".lecture.lock"), PackageLock.PathFor(Package + Path.DirectorySeparatorChar));
    }

    [Fact]
    public async Task Another_flow_is_refused_with_the_holder_named_while_the_same_flow_joins_the_hold()
    {
        using var held = PackageLock.Hold(Package, "publishing lecture.mp4 as 'Week 1'", "PublicationInProgress", _log);
        using (var joined = PackageLock.Hold(Package, "encoding lecture.mp4", "PackageInProgress", _log))
        {
            Assert.NotNull(joined);
        }

        // Another runspace's work starts from its own pipeline thread: a flow that does not inherit this one's holds.
        Task<HlsEncoderException> other;
        using (ExecutionContext.SuppressFlow())
        {
            other = Task.Run(() => Assert.Throws<HlsEncoderException>(() => PackageLock.Hold(Package, "encoding lecture.mp4", "PackageInProgress", _log)));
        }

        var refused = await other;

        Assert.Equal(("PackageInProgress", FailureKind.ResourceExists), (refused.ErrorId, refused.Kind));
        Assert.Contains($"process {Environment.ProcessId} on {Environment.MachineName}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("publishing lecture.mp4 as 'Week 1'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Package, refused.Target);
        Assert.True(File.Exists(PackageLock.PathFor(Package)), "a joined hold does not release the lock when it ends");
    }

    [Fact]
    public async Task Once_released_the_next_run_takes_it_and_nothing_is_left_beside_the_package()
    {
        PackageLock.Hold(Package, "encoding", "PackageInProgress", _log).Dispose();

        using var next = await Task.Run(() => PackageLock.Hold(Package, "uploading", "PackageInProgress", _log));

        Assert.Equal("uploading", PackageLock.Holder(Package)!.Activity);
        next.Dispose();
        Assert.Empty(Directory.GetFileSystemEntries(_root));
        Assert.Null(PackageLock.Holder(Package));
    }

    [Fact]
    public void The_program_a_holder_runs_is_recorded_for_a_later_run()
    {
        using var held = PackageLock.Hold(Package, "encoding", "PackageInProgress", _log);
        var ffmpeg = new ProcessIdentity(4242, DateTime.UtcNow, "ffmpeg");

        held.Track(ffmpeg);
        var running = PackageLock.Holder(Package)!.Child;
        held.Untrack();

        Assert.Equal(ffmpeg, running);
        Assert.Null(PackageLock.Holder(Package)!.Child);
    }

    [Fact]
    public void A_run_taking_over_from_a_dead_holder_stops_the_program_it_left_running()
    {
        using var orphan = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            var dead = new LockHolder
            {
                Process = new ProcessIdentity(999_999, DateTime.UtcNow.AddMinutes(-5), "pwsh"),
                Activity = "encoding lecture.mp4",
                Since = DateTimeOffset.UtcNow.AddMinutes(-5),
                Child = new ProcessIdentity(orphan.Id, orphan.StartTime.ToUniversalTime(), "sleep"),
            };
            File.WriteAllBytes(PackageLock.PathFor(Package), JsonSerializer.SerializeToUtf8Bytes(dead, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

            using var taken = PackageLock.Hold(Package, "encoding lecture.mp4", "PackageInProgress", _log);

            Assert.True(orphan.HasExited, "the orphan was stopped before the lock was handed over");
            Assert.Contains($"WARNING: Stopped sleep (process {orphan.Id}", _log.All, StringComparison.Ordinal);
            Assert.Contains("process 999999", _log.All, StringComparison.Ordinal);
        }
        finally
        {
            if (!orphan.HasExited)
            {
                orphan.Kill();
            }
        }
    }

    [Fact]
    public void A_program_whose_id_now_belongs_to_another_process_is_left_alone()
    {
        using var bystander = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            var dead = new LockHolder
            {
                Process = new ProcessIdentity(999_999, DateTime.UtcNow.AddHours(-2), "pwsh"),
                Activity = "encoding lecture.mp4",
                Since = DateTimeOffset.UtcNow.AddHours(-2),
                // Same id, but it started an hour before this process did: the id was reused.
                Child = new ProcessIdentity(bystander.Id, bystander.StartTime.ToUniversalTime().AddHours(-1), "ffmpeg"),
            };
            File.WriteAllBytes(PackageLock.PathFor(Package), JsonSerializer.SerializeToUtf8Bytes(dead, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

            using var taken = PackageLock.Hold(Package, "encoding lecture.mp4", "PackageInProgress", _log);

            Assert.False(bystander.HasExited);
            Assert.DoesNotContain("Stopped", _log.All, StringComparison.Ordinal);
        }
        finally
        {
            bystander.Kill();
        }
    }

    [Fact]
    public void A_folder_whose_lock_cannot_be_written_is_an_output_error()
    {
        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "in the way");

        var error = Assert.Throws<HlsEncoderException>(() => PackageLock.Hold(Path.Combine(file, "lecture"), "encoding", "PackageInProgress", _log));

        Assert.Equal("OutputWriteFailed", error.ErrorId);
        Assert.Contains(".lecture.lock", error.Message, StringComparison.Ordinal);
    }
}
