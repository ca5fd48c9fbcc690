using HlsEncoder.Packaging;
using HlsEncoder.Tests.Infrastructure;

namespace HlsEncoder.Tests.Packaging;

public sealed class PackageFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hlsenc-folder-").FullName;
    private readonly RecordingLog _log = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Two_videos_of_one_command_never_share_a_package_folder()
    {
        var claims = new OutputPathClaims();
        claims.Claim("/v/a.mp4", "/out/package");
        claims.Claim("/v/a.mp4", "/out/package/");

        var error = Assert.Throws<HlsEncoderException>(() => claims.Claim("/v/b.mp4", "/out/package"));
        claims.Claim("/v/b.mp4", "/out/other");

        Assert.Equal(("OutputPathConflict", FailureKind.ResourceExists), (error.ErrorId, error.Kind));
        Assert.Contains("/v/a.mp4 was just encoded", error.Message, StringComparison.Ordinal);
        Assert.Equal("/v/b.mp4", error.Target);
    }

    [Fact]
    public void A_published_package_is_deleted_and_the_state_beside_it_stays()
    {
        var package = Directory.CreateDirectory(Path.Combine(_root, "lecture")).FullName;
        File.WriteAllText(Path.Combine(package, "master.m3u8"), "#EXTM3U");
        var state = Path.Combine(_root, ".lecture.publish.json");
        File.WriteAllText(state, "{}");

        PackageFolder.DeletePublished(package, _log);

        Assert.False(Directory.Exists(package));
        Assert.True(File.Exists(state));
        Assert.False(File.Exists(PackageLock.PathFor(package)));
        Assert.Contains($"Deleted {package}", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_another_run_holds_is_not_deleted()
    {
        var package = Directory.CreateDirectory(Path.Combine(_root, "busy")).FullName;
        using var held = PackageLock.Hold(package, "uploading to courses/x/en/", "PackageInProgress", _log);

        // Another run's work starts from a flow of its own, which does not share this one's hold.
        Task<HlsEncoderException> other;
        using (ExecutionContext.SuppressFlow())
        {
            other = Task.Run(() => Assert.Throws<HlsEncoderException>(() => PackageFolder.DeletePublished(package, _log)));
        }

        var refused = await other;

        Assert.Equal("PackageInProgress", refused.ErrorId);
        Assert.True(Directory.Exists(package));
    }
}
