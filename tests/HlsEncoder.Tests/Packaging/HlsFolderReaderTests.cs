using Microsoft.Extensions.Time.Testing;
using HlsEncoder.Ladder;
using HlsEncoder.Packaging;
using HlsEncoder.Tests.Infrastructure;

namespace HlsEncoder.Tests.Packaging;

/// <summary>Reading HLS folders that other tools wrote, against folders the real ffmpeg made.</summary>
public sealed class HlsFolderReaderTests : IClassFixture<ForeignFolders>, IDisposable
{
    private readonly ForeignFolders _made;
    private readonly string _root = Directory.CreateTempSubdirectory("hlsenc-foreign-").FullName;

    public HlsFolderReaderTests(ForeignFolders made) => _made = made;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_plain_ffmpeg_ladder_is_read_with_names_from_its_resolutions()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");

        var package = HlsFolderReader.Read(folder);

        Assert.Equal(["360p", "240p"], package.Qualities);
        Assert.Equal([(640, 360), (426, 240)], package.Renditions.Select(r => (r.Width, r.Height)));
        Assert.Equal((string.Empty, folder, Path.Combine(folder, "master.m3u8")), (package.SourcePath, package.OutputPath, package.MasterPlaylist));
        Assert.Equal(6, package.Duration.TotalSeconds, 1);
        Assert.Equal(TimeSpan.FromSeconds(2), package.SegmentDuration);
        Assert.Equal(
            [Directory.GetFiles(folder, "stream_0_*.ts").Length, Directory.GetFiles(folder, "stream_1_*.ts").Length],
            package.Renditions.Select(r => r.SegmentCount));
        Assert.Equal([3, 3], package.Renditions.Select(r => r.SegmentCount));
        Assert.Equal([Path.Combine(folder, "stream_0.m3u8"), Path.Combine(folder, "stream_1.m3u8")], package.Renditions.Select(r => r.PlaylistPath));
        Assert.All(package.Renditions, r => Assert.True(File.Exists(r.PlaylistPath), r.PlaylistPath));
        Assert.All(package.Renditions, r => Assert.Matches("^avc1\\.[0-9a-f]{6},mp4a\\.40\\.2$", r.Codecs));
        Assert.All(package.Renditions, r => Assert.Equal((r.Bandwidth, 0.0), (r.AverageBandwidth, r.FrameRate)));
        Assert.All(package.Renditions, r => Assert.True(r.Bandwidth > 0));
        Assert.True(package.HasAudio);
        Assert.Null(package.Transcript);
    }

    [Fact]
    public void A_poster_and_a_storyboard_are_read_as_such_never_as_a_transcript_and_leave_the_content_hash_alone()
    {
        var folder = Copy(_made.FfmpegLadder, "pictures");
        var before = HlsFolderReader.Read(folder).ContentHash;
        File.WriteAllBytes(Path.Combine(folder, "poster.jpg"), [0xFF, 0xD8, 0xFF, 0xD9]);
        Directory.CreateDirectory(Path.Combine(folder, "storyboard"));
        File.WriteAllBytes(Path.Combine(folder, "storyboard", "sheet_0.jpg"), [0xFF, 0xD8, 0xFF, 0xD9]);
        File.WriteAllText(Path.Combine(folder, "storyboard", "thumbnails.vtt"),
            "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nsheet_0.jpg#xywh=0,0,160,90\n\n00:00:02.000 --> 00:00:06.000\nsheet_0.jpg#xywh=160,0,160,90\n");

        var package = HlsFolderReader.Read(folder);

        Assert.Null(package.Transcript);
        Assert.Equal(Path.Combine(folder, "poster.jpg"), package.Poster!.Path);
        Assert.Equal(Path.Combine(folder, "storyboard", "thumbnails.vtt"), package.Storyboard!.VttPath);
        Assert.Equal([Path.Combine(folder, "storyboard", "sheet_0.jpg")], package.Storyboard.SheetPaths);
        Assert.Equal((2, 160, 90), (package.Storyboard.TileCount, package.Storyboard.TileWidth, package.Storyboard.TileHeight));
        Assert.Equal(before, package.ContentHash);

        File.Delete(Path.Combine(folder, "storyboard", "sheet_0.jpg"));
        Assert.Null(HlsFolderReader.Read(folder).Storyboard);
    }

    [Fact]
    public void Two_variants_that_would_share_a_name_are_told_apart()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");
        var master = Path.Combine(folder, "master.m3u8");
        File.WriteAllText(master, File.ReadAllText(master).Replace("RESOLUTION=426x240", "RESOLUTION=640x360", StringComparison.Ordinal));

        var package = HlsFolderReader.Read(folder);

        Assert.Equal(["360p", "360p-2"], package.Renditions.OrderBy(r => r.PlaylistPath, StringComparer.Ordinal).Select(r => r.Name));
    }

    [Fact]
    public void The_content_hash_is_stable_and_follows_the_playlists_and_segment_sizes()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");

        var first = HlsFolderReader.Read(folder).ContentHash;
        var again = HlsFolderReader.Read(folder).ContentHash;
        File.AppendAllText(Path.Combine(folder, "stream_1.m3u8"), "# re-exported\n");
        var playlistChanged = HlsFolderReader.Read(folder).ContentHash;
        File.AppendAllText(Path.Combine(folder, "stream_0_002.ts"), "x");
        var segmentChanged = HlsFolderReader.Read(folder).ContentHash;

        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, again);
        Assert.NotEqual(first, playlistChanged);
        Assert.NotEqual(playlistChanged, segmentChanged);
    }

    [Fact]
    public void A_copy_elsewhere_has_the_same_content_hash()
    {
        var here = HlsFolderReader.Read(Copy(_made.FfmpegLadder, "here"));
        var there = HlsFolderReader.Read(Copy(_made.FfmpegLadder, Path.Combine("archive", "there")));

        Assert.Equal(here.ContentHash, there.ContentHash);
        Assert.NotEqual(here.ContentHash, HlsFolderReader.Read(Copy(_made.MediaConvert, "other")).ContentHash);
    }

    [Fact]
    public void The_python_converters_layout_is_named_by_its_folders_and_keeps_its_transcript()
    {
        var folder = Copy(_made.Converter, "converter");

        var package = HlsFolderReader.Read(folder);

        Assert.Equal(["720p", "360p"], package.Qualities);
        Assert.Equal([Path.Combine(folder, "720p", "index.m3u8"), Path.Combine(folder, "360p", "index.m3u8")], package.Renditions.Select(r => r.PlaylistPath));
        Assert.Equal([(0, 0), (0, 0)], package.Renditions.Select(r => (r.Width, r.Height)));
        Assert.Equal([(2_800_000L, 2_800_000L, "avc1.64001f,mp4a.40.2"), (900_000L, 900_000L, string.Empty)], package.Renditions.Select(r => (r.Bandwidth, r.AverageBandwidth, r.Codecs)));
        Assert.Equal([true, true], package.Renditions.Select(r => r.HasAudio));
        Assert.Equal([3, 3], package.Renditions.Select(r => r.SegmentCount));
        Assert.Equal(6, package.Duration.TotalSeconds, 1);

        var transcript = Assert.IsType<Transcript>(package.Transcript);
        Assert.Equal(
            ("de", Path.Combine(folder, "transcript.srt"), Path.Combine(folder, "transcript.vtt"), Path.Combine(folder, "transcript.txt"), Path.Combine(folder, "transcript.json"), Path.Combine(folder, "subtitles", "de", "index.m3u8")),
            (transcript.Language, transcript.SrtPath, transcript.VttPath, transcript.TxtPath, transcript.JsonPath, transcript.SubtitlePlaylistPath));
    }

    [Fact]
    public void A_transcript_file_that_is_missing_is_left_empty_and_the_subtitles_are_checked()
    {
        var folder = Copy(_made.Converter, "converter");
        File.Delete(Path.Combine(folder, "transcript.json"));
        var withoutJson = HlsFolderReader.Read(folder);
        File.Delete(Path.Combine(folder, "subtitles", "de", "segment_000.vtt"));

        Assert.Equal((string.Empty, Path.Combine(folder, "transcript.srt")), (withoutJson.Transcript!.JsonPath, withoutJson.Transcript.SrtPath));
        Assert.NotEqual(HlsFolderReader.Read(Copy(_made.Converter, "complete")).ContentHash, withoutJson.ContentHash);
        AssertNotAPackage(folder, "subtitles/de/segment_000.vtt is missing (listed in subtitles/de/index.m3u8)");
    }

    [Fact]
    public void A_mediaconvert_download_is_found_by_its_master_playlist_whatever_it_is_called()
    {
        var folder = Copy(_made.MediaConvert, "mediaconvert");

        var package = HlsFolderReader.Read(folder);

        Assert.Equal(Path.Combine(folder, "lecture.m3u8"), package.MasterPlaylist);
        Assert.Equal(["360p", "240p"], package.Qualities);
        Assert.Equal(
            [(640, 360, 1_200_000L, 900_000L, 25.0, true), (426, 240, 600_000L, 450_000L, 25.0, false)],
            package.Renditions.Select(r => (r.Width, r.Height, r.Bandwidth, r.AverageBandwidth, r.FrameRate, r.HasAudio)));
        Assert.Equal([3, 3], package.Renditions.Select(r => r.SegmentCount));
        Assert.False(package.HasAudio);
        Assert.Equal(6, package.Duration.TotalSeconds, 1);
    }

    [Fact]
    public void The_init_segment_of_an_fmp4_rendition_belongs_to_the_package()
    {
        var folder = Copy(_made.MediaConvert, "mediaconvert");
        var before = HlsFolderReader.Read(folder).ContentHash;
        File.AppendAllText(Path.Combine(folder, "lecture_240p_init.mp4"), "x");
        var grown = HlsFolderReader.Read(folder).ContentHash;
        File.Delete(Path.Combine(folder, "lecture_240p_init.mp4"));

        Assert.NotEqual(before, grown);
        AssertNotAPackage(folder, "lecture_240p_init.mp4 is missing (listed in lecture_240p.m3u8)");
    }

    [Fact]
    public void The_i_frame_playlist_is_checked_too()
    {
        var folder = Copy(_made.MediaConvert, "mediaconvert");
        File.Delete(Path.Combine(folder, "lecture_360p_iframes.m3u8"));

        AssertNotAPackage(folder, "lecture_360p_iframes.m3u8 is missing (listed in lecture.m3u8)");
    }

    [Fact]
    public void A_percent_encoded_uri_names_the_file_it_encodes()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");
        File.Move(Path.Combine(folder, "stream_0_000.ts"), Path.Combine(folder, "stream 0_000.ts"));
        var playlist = Path.Combine(folder, "stream_0.m3u8");
        File.WriteAllText(playlist, File.ReadAllText(playlist).Replace("stream_0_000.ts", "stream%200_000.ts", StringComparison.Ordinal));

        var package = HlsFolderReader.Read(folder);

        Assert.Equal([3, 3], package.Renditions.Select(r => r.SegmentCount));
        File.Delete(Path.Combine(folder, "stream 0_000.ts"));
        AssertNotAPackage(folder, "stream%200_000.ts is missing (listed in stream_0.m3u8)");
    }

    [Fact]
    public void A_missing_segment_is_named()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");
        File.Delete(Path.Combine(folder, "stream_1_001.ts"));

        var error = AssertNotAPackage(folder, "stream_1_001.ts is missing (listed in stream_1.m3u8)");
        Assert.Contains("(1 problem)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Copy the whole folder again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_playlist_without_endlist_is_named()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");
        var playlist = Path.Combine(folder, "stream_0.m3u8");
        File.WriteAllText(playlist, File.ReadAllText(playlist).Replace("#EXT-X-ENDLIST", string.Empty, StringComparison.Ordinal));

        AssertNotAPackage(folder, "stream_0.m3u8 has no #EXT-X-ENDLIST");
    }

    [Fact]
    public void A_variant_playlist_that_does_not_exist_is_named()
    {
        var folder = Copy(_made.Converter, "converter");
        Directory.Delete(Path.Combine(folder, "360p"), recursive: true);

        AssertNotAPackage(folder, "360p/index.m3u8 is missing (listed in master.m3u8)");
    }

    [Fact]
    public void Every_problem_is_named_in_one_error()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");
        File.Delete(Path.Combine(folder, "stream_0_000.ts"));
        var playlist = Path.Combine(folder, "stream_1.m3u8");
        File.WriteAllText(playlist, File.ReadAllText(playlist).Replace("#EXT-X-ENDLIST", string.Empty, StringComparison.Ordinal));

        var error = AssertNotAPackage(folder, "stream_0_000.ts is missing (listed in stream_0.m3u8)");
        Assert.Contains("stream_1.m3u8 has no #EXT-X-ENDLIST", error.Message, StringComparison.Ordinal);
        Assert.Contains("(2 problems)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_list_of_problems_shows_ten_and_counts_the_rest()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");
        var missing = Enumerable.Range(100, 14).Select(n => $"#EXTINF:2.000000,\nlost_{n}.ts\n");
        File.WriteAllText(Path.Combine(folder, "stream_1.m3u8"), "#EXTM3U\n#EXT-X-TARGETDURATION:2\n" + string.Concat(missing) + "#EXT-X-ENDLIST\n");

        var error = AssertNotAPackage(folder, "lost_100.ts is missing");

        Assert.Contains("lost_109.ts is missing", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("lost_110.ts", error.Message, StringComparison.Ordinal);
        Assert.Contains("(14 problems)", error.Message, StringComparison.Ordinal);
        Assert.Contains("; and 4 more.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_playlist_that_points_at_a_url_is_refused()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");
        var playlist = Path.Combine(folder, "stream_0.m3u8");
        File.WriteAllText(playlist, File.ReadAllText(playlist).Replace("stream_0_002.ts", "https://cdn.example.com/seg.ts", StringComparison.Ordinal));

        AssertNotAPackage(folder, "https://cdn.example.com/seg.ts is an absolute URL (in stream_0.m3u8)");
    }

    [Fact]
    public void Absolute_paths_and_escapes_from_the_folder_are_refused_even_when_the_file_exists()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");
        var outside = Path.Combine(_root, "outside.ts");
        File.Copy(Path.Combine(folder, "stream_0_002.ts"), outside);
        var playlist = Path.Combine(folder, "stream_0.m3u8");
        File.WriteAllText(playlist, File.ReadAllText(playlist)
            .Replace("stream_0_001.ts", outside, StringComparison.Ordinal)
            .Replace("stream_0_002.ts", "../outside.ts", StringComparison.Ordinal));

        var error = AssertNotAPackage(folder, $"{outside} is an absolute path (in stream_0.m3u8)");
        Assert.Contains("../outside.ts points outside the folder (in stream_0.m3u8)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_master_playlist_that_names_a_url_is_refused()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");
        var master = Path.Combine(folder, "master.m3u8");
        File.WriteAllText(master, File.ReadAllText(master).Replace("stream_1.m3u8", "https://cdn.example.com/stream_1.m3u8", StringComparison.Ordinal));

        AssertNotAPackage(folder, "https://cdn.example.com/stream_1.m3u8 is an absolute URL (in master.m3u8)");
    }

    [Fact]
    public void Two_master_candidates_are_both_listed()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");
        File.Move(Path.Combine(folder, "master.m3u8"), Path.Combine(folder, "lecture.m3u8"));
        File.Copy(Path.Combine(folder, "lecture.m3u8"), Path.Combine(folder, "lecture-copy.m3u8"));

        var error = AssertNotAPackage(folder, "several master playlists: lecture-copy.m3u8, lecture.m3u8");
        Assert.Equal(folder, error.Target);
    }

    [Fact]
    public void A_master_playlist_named_master_wins_over_other_candidates()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");
        File.WriteAllText(Path.Combine(folder, "old.m3u8"), "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\ngone.m3u8\n");

        Assert.Equal(Path.Combine(folder, "master.m3u8"), HlsFolderReader.Read(folder).MasterPlaylist);
    }

    [Fact]
    public void An_empty_folder_has_no_master_playlist()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;

        AssertNotAPackage(folder, "has no master playlist");
    }

    [Fact]
    public void A_folder_of_media_playlists_only_has_no_master_playlist()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");
        File.Delete(Path.Combine(folder, "master.m3u8"));

        AssertNotAPackage(folder, "has no master playlist");
    }

    [Fact]
    public void A_master_m3u8_that_is_a_media_playlist_is_named()
    {
        var folder = Copy(_made.FfmpegLadder, "ffmpeg");
        File.Copy(Path.Combine(folder, "stream_0.m3u8"), Path.Combine(folder, "master.m3u8"), overwrite: true);

        AssertNotAPackage(folder, "master.m3u8 is not a master playlist");
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_not_a_package() =>
        AssertNotAPackage(Path.Combine(_root, "nothing-here"), "does not exist");

    [Fact]
    public void The_package_reader_reads_a_foreign_folder()
    {
        var folder = Copy(_made.MediaConvert, "mediaconvert");

        var package = HlsPackageReader.Read(folder + Path.DirectorySeparatorChar);

        Assert.Equal((folder, Path.Combine(folder, "lecture.m3u8"), string.Empty), (package.OutputPath, package.MasterPlaylist, package.SourcePath));
        Assert.Equal(["360p", "240p"], package.Qualities);
        Assert.Equal(HlsFolderReader.Read(folder).ContentHash, package.ContentHash);
        var error = Assert.Throws<HlsEncoderException>(() => HlsPackageReader.Read(Path.Combine(_root, "nothing-here")));
        Assert.Equal("NotAnHlsPackage", error.ErrorId);
    }

    [Fact]
    public async Task A_package_hlsencoder_made_is_read_from_its_manifest_as_before_and_from_its_playlists_without_one()
    {
        var output = Path.Combine(_root, "ours");
        var encoded = await new HlsLadderEncoder(new RecordingLog(), new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)))
            .EncodeAsync(new EncodeRequest { SourcePath = _made.Source, OutputPath = output, Qualities = ["360p", "240p"], SegmentDuration = TimeSpan.FromSeconds(2) }, null, CancellationToken.None);

        var fromManifest = HlsPackageReader.Read(output);
        File.Delete(Path.Combine(output, ".hlsencoder-package.json"));
        var fromPlaylists = HlsPackageReader.Read(output);

        Assert.Equal((Path.GetFullPath(_made.Source), encoded.ContentHash), (fromManifest.SourcePath, fromManifest.ContentHash));
        Assert.Equal(
            encoded.Renditions.Select(r => (r.Name, r.Width, r.Height, r.Bandwidth, r.AverageBandwidth, r.Codecs, r.FrameRate, r.PlaylistPath, r.SegmentCount, r.HasAudio)),
            fromManifest.Renditions.Select(r => (r.Name, r.Width, r.Height, r.Bandwidth, r.AverageBandwidth, r.Codecs, r.FrameRate, r.PlaylistPath, r.SegmentCount, r.HasAudio)));

        Assert.Equal(string.Empty, fromPlaylists.SourcePath);
        Assert.Matches("^[0-9a-f]{64}$", fromPlaylists.ContentHash);
        Assert.Equal(
            encoded.Renditions.Select(r => (r.Name, r.Width, r.Height, r.Bandwidth, r.AverageBandwidth, r.Codecs, r.FrameRate, r.PlaylistPath, r.SegmentCount, r.HasAudio)),
            fromPlaylists.Renditions.Select(r => (r.Name, r.Width, r.Height, r.Bandwidth, r.AverageBandwidth, r.Codecs, r.FrameRate, r.PlaylistPath, r.SegmentCount, r.HasAudio)));
        Assert.Equal((encoded.Duration.TotalSeconds, encoded.SegmentDuration), (Math.Round(fromPlaylists.Duration.TotalSeconds, 3), fromPlaylists.SegmentDuration));
    }

    private string Copy(string made, string name) => ForeignFolders.CopyTo(made, Path.Combine(_root, name));

    private static HlsEncoderException AssertNotAPackage(string folder, string problem)
    {
        var error = Assert.Throws<HlsEncoderException>(() => HlsFolderReader.Read(folder));
        Assert.Equal(("NotAnHlsPackage", FailureKind.InvalidData, (object)folder), (error.ErrorId, error.Kind, error.Target!));
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        return error;
    }
}
