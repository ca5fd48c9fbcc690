using System.Text.Json.Nodes;
using HlsEncoder.Ladder;
using HlsEncoder.Packaging;

namespace HlsEncoder.Tests.Packaging;

public sealed class PackageManifestTests : IDisposable
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("hlsenc-manifest-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_package_round_trips_through_its_manifest()
    {
        var folder = Path.Combine(_root, "lecture");
        var written = WritePackage(folder);

        var read = HlsPackageReader.Read(folder);

        Assert.Equal((written.SourcePath, written.OutputPath, written.MasterPlaylist, written.Duration, written.SegmentDuration, written.HasAudio),
            (read.SourcePath, read.OutputPath, read.MasterPlaylist, read.Duration, read.SegmentDuration, read.HasAudio));
        Assert.Equal(["720p", "480p"], read.Qualities);
        Assert.Equal(
            written.Renditions.Select(r => (r.Name, r.Width, r.Height, r.Bandwidth, r.AverageBandwidth, r.Codecs, r.FrameRate, r.PlaylistPath, r.SegmentCount, r.HasAudio)),
            read.Renditions.Select(r => (r.Name, r.Width, r.Height, r.Bandwidth, r.AverageBandwidth, r.Codecs, r.FrameRate, r.PlaylistPath, r.SegmentCount, r.HasAudio)));
        Assert.Null(read.Transcript);
    }

    [Fact]
    public void The_manifest_is_versioned_and_records_source_settings_and_relative_paths()
    {
        var folder = Path.Combine(_root, "lecture");
        WritePackage(folder);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, ".hlsencoder-package.json")))!;

        Assert.Equal(1, (int)json["version"]!);
        Assert.Equal("/videos/lecture.mp4", (string)json["source"]!["path"]!);
        Assert.Equal(1234, (long)json["source"]!["size"]!);
        Assert.Equal(["720p", "480p"], json["settings"]!["qualities"]!.AsArray().Select(q => (string)q!));
        Assert.Equal("veryfast", (string)json["settings"]!["preset"]!);
        Assert.Equal("720p/index.m3u8", (string)json["renditions"]![0]!["playlist"]!);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void A_moved_package_is_read_where_it_now_lies()
    {
        var folder = Path.Combine(_root, "lecture");
        WritePackage(folder);
        var moved = Path.Combine(_root, "archive", "lecture-copy");
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        Directory.Move(folder, moved);

        var read = HlsPackageReader.Read(moved + Path.DirectorySeparatorChar);

        Assert.Equal(moved, read.OutputPath);
        Assert.Equal(Path.Combine(moved, "720p", "index.m3u8"), read.Renditions[0].PlaylistPath);
    }

    [Fact]
    public void A_transcript_attached_later_is_kept_by_the_manifest()
    {
        var folder = Path.Combine(_root, "lecture");
        var package = WritePackage(folder);
        var transcript = new Transcript
        {
            Language = "en",
            Model = "ggml-base.bin",
            SegmentCount = 42,
            Duration = TimeSpan.FromSeconds(12.5),
            SrtPath = Path.Combine(folder, "transcript.srt"),
            VttPath = Path.Combine(folder, "transcript.vtt"),
            TxtPath = Path.Combine(folder, "transcript.txt"),
            JsonPath = Path.Combine(folder, "transcript.json"),
            SubtitlePlaylistPath = Path.Combine(folder, "subtitles", "en", "index.m3u8"),
        };

        var withTranscript = package.WithTranscript(transcript);
        HlsPackageWriter.SaveManifest(withTranscript);
        var read = HlsPackageReader.Read(folder);

        Assert.Null(package.Transcript);
        Assert.Same(transcript, withTranscript.Transcript);
        Assert.Equal(package.Renditions, withTranscript.Renditions);
        Assert.Equal(
            (transcript.Language, transcript.Model, transcript.SegmentCount, transcript.Duration, transcript.SrtPath, transcript.VttPath, transcript.TxtPath, transcript.JsonPath, transcript.SubtitlePlaylistPath),
            (read.Transcript!.Language, read.Transcript.Model, read.Transcript.SegmentCount, read.Transcript.Duration, read.Transcript.SrtPath, read.Transcript.VttPath, read.Transcript.TxtPath, read.Transcript.JsonPath, read.Transcript.SubtitlePlaylistPath));
        Assert.Equal("veryfast", JsonNode.Parse(File.ReadAllText(Path.Combine(folder, ".hlsencoder-package.json")))!["settings"]!["preset"]!.GetValue<string>());
    }

    [Fact]
    public void A_missing_folder_is_not_a_package() =>
        AssertNotAPackage(Path.Combine(_root, "nothing-here"), "does not exist");

    [Fact]
    public void A_folder_without_a_manifest_is_read_from_its_playlists_instead()
    {
        var folder = Path.Combine(_root, "lecture");
        var written = WritePackage(folder);
        File.Delete(Path.Combine(folder, ".hlsencoder-package.json"));

        var read = HlsPackageReader.Read(folder);

        Assert.Equal((string.Empty, folder, written.MasterPlaylist), (read.SourcePath, read.OutputPath, read.MasterPlaylist));
        Assert.Equal(["720p", "480p"], read.Qualities);
        Assert.Equal(written.Renditions.Select(r => (r.PlaylistPath, r.SegmentCount)), read.Renditions.Select(r => (r.PlaylistPath, r.SegmentCount)));
        Assert.Matches("^[0-9a-f]{64}$", read.ContentHash);
    }

    [Fact]
    public void A_folder_without_a_manifest_must_be_complete_too()
    {
        var folder = Path.Combine(_root, "lecture");
        WritePackage(folder);
        File.Delete(Path.Combine(folder, ".hlsencoder-package.json"));
        File.Delete(Path.Combine(folder, "480p", "seg_001.ts"));

        AssertNotAPackage(folder, "480p/seg_001.ts is missing (listed in 480p/index.m3u8)");
    }

    [Theory]
    [InlineData("version", "has version 2")]
    [InlineData("json", "cannot be read")]
    [InlineData("master", "master.m3u8 is missing")]
    [InlineData("segment", "seg_001.ts, which is missing")]
    [InlineData("endlist", "has no #EXT-X-ENDLIST")]
    [InlineData("count", "lists 2 segments where the manifest recorded 3")]
    public void An_incomplete_package_is_not_a_package(string damage, string problem)
    {
        var folder = Path.Combine(_root, "lecture");
        WritePackage(folder);
        var manifest = Path.Combine(folder, ".hlsencoder-package.json");
        switch (damage)
        {
            case "version":
                File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal));
                break;
            case "json":
                File.WriteAllText(manifest, "{ not json");
                break;
            case "master":
                File.Delete(Path.Combine(folder, "master.m3u8"));
                break;
            case "segment":
                File.Delete(Path.Combine(folder, "480p", "seg_001.ts"));
                break;
            case "endlist":
                var playlist = Path.Combine(folder, "720p", "index.m3u8");
                File.WriteAllText(playlist, File.ReadAllText(playlist).Replace("#EXT-X-ENDLIST", string.Empty, StringComparison.Ordinal));
                break;
            case "count":
                File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"segmentCount\": 2", "\"segmentCount\": 3", StringComparison.Ordinal));
                break;
        }

        AssertNotAPackage(folder, problem);
    }

    private static void AssertNotAPackage(string folder, string problem)
    {
        var error = Assert.Throws<HlsEncoderException>(() => HlsPackageReader.Read(folder));
        Assert.Equal("NotAnHlsPackage", error.ErrorId);
        Assert.Equal(FailureKind.InvalidData, error.Kind);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A package folder as the encoder leaves it, with dummy segments.</summary>
    private static HlsPackage WritePackage(string folder)
    {
        var renditions = new List<HlsRendition>();
        foreach (var (name, width, height) in new[] { ("720p", 1280, 720), ("480p", 854, 480) })
        {
            var playlist = Path.Combine(folder, name, "index.m3u8");
            Directory.CreateDirectory(Path.GetDirectoryName(playlist)!);
            File.WriteAllText(playlist, "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.000000,\nseg_000.ts\n#EXTINF:4.500000,\nseg_001.ts\n#EXT-X-ENDLIST\n");
            File.WriteAllBytes(Path.Combine(folder, name, "seg_000.ts"), new byte[188]);
            File.WriteAllBytes(Path.Combine(folder, name, "seg_001.ts"), new byte[188]);
            renditions.Add(new HlsRendition(name, width, height, 900_000, 800_000, "avc1.64001f,mp4a.40.2", 30, playlist, 2, hasAudio: true));
        }

        var package = new HlsPackage("/videos/lecture.mp4", folder, TimeSpan.FromSeconds(10.5), renditions, TimeSpan.FromSeconds(6));
        new MasterPlaylistWriter().Write(package);
        var settings = EncodeSettings.From(QualityLevel.Resolve(["720p", "480p"]), TimeSpan.FromSeconds(6), "veryfast");
        PackageManifest.Create(package, new SourceFingerprint("/videos/lecture.mp4", 1234, CreatedAt.UtcDateTime), settings.ToManifest(), CreatedAt).Write(folder);
        return package;
    }
}
