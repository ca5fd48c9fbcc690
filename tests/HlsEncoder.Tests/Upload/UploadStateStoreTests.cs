using HlsEncoder.Upload;

namespace HlsEncoder.Tests.Upload;

public sealed class UploadStateStoreTests : IDisposable
{
    private const string English = "courses/65a1f0c2e4b0a1b2c3d4e5f6/en/lecture-3fa2c19b07/";
    private const string French = "courses/65a1f0c2e4b0a1b2c3d4e5f6/fr/lecture-3fa2c19b07/";
    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-state-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_journal_replays_onto_the_snapshot_and_a_torn_last_line_is_ignored()
    {
        using (var store = new UploadStateStore(_folder))
        {
            store.Save(State(English, ("720p/seg_000.ts", FileUploadStatus.Pending), ("720p/seg_001.ts", FileUploadStatus.Pending)));
            store.Append(English, "720p/seg_000.ts", File(English, "720p/seg_000.ts", FileUploadStatus.Uploaded));
        }

        // A process killed in the middle of a write leaves half a line.
        System.IO.File.AppendAllText(Path.Combine(_folder, UploadStateStore.JournalName), "{\"prefix\":\"" + English + "\",\"path\":\"720p/seg_001.ts\",\"file\":{\"sta");

        using var reopened = new UploadStateStore(_folder);
        var state = reopened.Load(English)!;

        Assert.Equal(FileUploadStatus.Uploaded, state.Files["720p/seg_000.ts"].Status);
        Assert.Equal(FileUploadStatus.Pending, state.Files["720p/seg_001.ts"].Status);
    }

    [Fact]
    public void Closing_folds_the_journal_into_the_snapshot()
    {
        var state = State(English, ("master.m3u8", FileUploadStatus.Pending));
        using (var store = new UploadStateStore(_folder))
        {
            store.Save(state);
            state.Files["master.m3u8"] = File(English, "master.m3u8", FileUploadStatus.Uploaded);
            store.Append(English, "master.m3u8", state.Files["master.m3u8"]);
            store.Close(state);
        }

        Assert.False(System.IO.File.Exists(Path.Combine(_folder, UploadStateStore.JournalName)));
        using var reopened = new UploadStateStore(_folder);
        Assert.Equal(FileUploadStatus.Uploaded, reopened.Load(English)!.Files["master.m3u8"].Status);
    }

    [Fact]
    public void Each_target_keeps_its_own_state_and_its_journal_lines()
    {
        using (var store = new UploadStateStore(_folder))
        {
            store.Save(State(English, ("master.m3u8", FileUploadStatus.Uploaded)));
            store.Save(State(French, ("master.m3u8", FileUploadStatus.Pending)));
            store.Append(French, "master.m3u8", File(French, "master.m3u8", FileUploadStatus.Failed));
        }

        using var reopened = new UploadStateStore(_folder);

        Assert.Equal(FileUploadStatus.Uploaded, reopened.Load(English)!.Files["master.m3u8"].Status);
        Assert.Equal(FileUploadStatus.Failed, reopened.Load(French)!.Files["master.m3u8"].Status);
        Assert.Null(reopened.Load("courses/65a1f0c2e4b0a1b2c3d4e5f6/de/lecture-3fa2c19b07/"));
    }

    [Fact]
    public void A_state_written_by_version_1_is_read_as_its_one_target_with_its_journal()
    {
        const string flat = "courses/65a1f0c2e4b0a1b2c3d4e5f6/en/";
        System.IO.File.WriteAllText(Path.Combine(_folder, UploadStateStore.FileName), $$"""
            { "version": 1, "courseId": "65a1f0c2e4b0a1b2c3d4e5f6", "language": "en", "prefix": "{{flat}}", "name": "Intro",
              "files": { "720p/seg_000.ts": { "key": "{{flat}}720p/seg_000.ts", "contentType": "video/mp2t", "size": 10, "status": "pending", "attempts": 0 } } }
            """);
        System.IO.File.WriteAllText(Path.Combine(_folder, UploadStateStore.JournalName),
            $$$"""{"path":"720p/seg_000.ts","file":{"key":"{{{flat}}}720p/seg_000.ts","contentType":"video/mp2t","size":10,"status":"uploaded","attempts":1}}""" + "\n");

        using var store = new UploadStateStore(_folder);
        var state = store.Load(flat)!;

        Assert.Equal("Intro", state.Name);
        Assert.Equal(FileUploadStatus.Uploaded, state.Files["720p/seg_000.ts"].Status);
    }

    [Fact]
    public void A_state_of_another_version_is_refused_with_the_way_out()
    {
        System.IO.File.WriteAllText(Path.Combine(_folder, UploadStateStore.FileName), "{\"version\":99,\"targets\":{}}");

        var error = Assert.Throws<HlsEncoderException>(() => new UploadStateStore(_folder).Load(English));

        Assert.Equal("UploadStateInvalid", error.ErrorId);
        Assert.Contains("-Restart", error.Message, StringComparison.Ordinal);
    }

    private static UploadState State(string prefix, params (string Path, string Status)[] files)
    {
        var state = new UploadState { CourseId = "65a1f0c2e4b0a1b2c3d4e5f6", Language = prefix.Split('/')[2], Prefix = prefix };
        foreach (var (path, status) in files)
        {
            state.Files[path] = File(prefix, path, status);
        }

        return state;
    }

    private static FileUploadState File(string prefix, string path, string status) =>
        new() { Key = prefix + path, ContentType = "video/mp2t", Size = 10, Status = status };
}
