using HlsEncoder.Upload;

namespace HlsEncoder.Tests.Upload;

public sealed class UploadStateStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-state-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_journal_replays_onto_the_snapshot_and_a_torn_last_line_is_ignored()
    {
        using (var store = new UploadStateStore(_folder))
        {
            store.Save(State(("720p/seg_000.ts", FileUploadStatus.Pending), ("720p/seg_001.ts", FileUploadStatus.Pending)));
            store.Append("720p/seg_000.ts", File("720p/seg_000.ts", FileUploadStatus.Uploaded));
        }

        // A process killed in the middle of a write leaves half a line.
        System.IO.File.AppendAllText(Path.Combine(_folder, UploadStateStore.JournalName), "{\"path\":\"720p/seg_001.ts\",\"file\":{\"sta");

        using var reopened = new UploadStateStore(_folder);
        var state = reopened.Load()!;

        Assert.Equal(FileUploadStatus.Uploaded, state.Files["720p/seg_000.ts"].Status);
        Assert.Equal(FileUploadStatus.Pending, state.Files["720p/seg_001.ts"].Status);
    }

    [Fact]
    public void Closing_folds_the_journal_into_the_snapshot()
    {
        var state = State(("master.m3u8", FileUploadStatus.Pending));
        using (var store = new UploadStateStore(_folder))
        {
            store.Save(state);
            state.Files["master.m3u8"] = File("master.m3u8", FileUploadStatus.Uploaded);
            store.Append("master.m3u8", state.Files["master.m3u8"]);
            store.Close(state);
        }

        Assert.False(System.IO.File.Exists(Path.Combine(_folder, UploadStateStore.JournalName)));
        using var reopened = new UploadStateStore(_folder);
        Assert.Equal(FileUploadStatus.Uploaded, reopened.Load()!.Files["master.m3u8"].Status);
    }

    [Fact]
    public void A_state_of_another_version_is_refused_with_the_way_out()
    {
        System.IO.File.WriteAllText(Path.Combine(_folder, UploadStateStore.FileName), "{\"version\":99,\"files\":{}}");

        var error = Assert.Throws<HlsEncoderException>(() => new UploadStateStore(_folder).Load());

        Assert.Equal("UploadStateInvalid", error.ErrorId);
        Assert.Contains("-Restart", error.Message, StringComparison.Ordinal);
    }

    private static UploadState State(params (string Path, string Status)[] files)
    {
        var state = new UploadState { CourseId = "65a1f0c2e4b0a1b2c3d4e5f6", Language = "en", Prefix = "courses/65a1f0c2e4b0a1b2c3d4e5f6/en/" };
        foreach (var (path, status) in files)
        {
            state.Files[path] = File(path, status);
        }

        return state;
    }

    private static FileUploadState File(string path, string status) =>
        new() { Key = "courses/65a1f0c2e4b0a1b2c3d4e5f6/en/" + path, ContentType = "video/mp2t", Size = 10, Status = status };
}
