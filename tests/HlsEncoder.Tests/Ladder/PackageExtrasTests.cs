using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using HlsEncoder.Ladder;
using HlsEncoder.Packaging;
using HlsEncoder.TestAssets;
using HlsEncoder.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace HlsEncoder.Tests.Ladder;

/// <summary>I-frame playlists and downloads, made from a package's own segments with the real ffmpeg and ffprobe.</summary>
public sealed partial class PackageExtrasTests : IClassFixture<EncodingClips>, IDisposable
{
    private readonly EncodingClips _clips;
    private readonly string _root = Directory.CreateTempSubdirectory("hlsenc-extras-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly RecordingLog _log = new();

    public PackageExtrasTests(EncodingClips clips) => _clips = clips;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Every_rendition_gets_an_i_frame_playlist_of_byte_ranges_that_start_with_an_idr_frame()
    {
        var package = await Encode(_clips.Stereo, "stereo");

        Assert.Equal(package.Qualities, package.IFramePlaylists.Select(i => i.Name));
        foreach (var (rendition, iFrames) in package.Renditions.Zip(package.IFramePlaylists))
        {
            Assert.Equal(Path.Combine(Path.GetDirectoryName(rendition.PlaylistPath)!, "iframe_index.m3u8"), iFrames.PlaylistPath);
            Assert.Equal((rendition.Width, rendition.Height), (iFrames.Width, iFrames.Height));
            Assert.Equal(rendition.Codecs.Split(',')[0], iFrames.Codecs);

            var lines = File.ReadAllLines(iFrames.PlaylistPath);
            Assert.Equal(["#EXTM3U", "#EXT-X-VERSION:4", "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:0", "#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-I-FRAMES-ONLY"], lines[..6]);
            Assert.Equal("#EXT-X-ENDLIST", lines[^1]);
            var entries = Entries(lines);
            // 4 s with an IDR frame every 2 s: one I-frame at the start of each 2 s segment.
            Assert.Equal(["seg_000.ts", "seg_001.ts"], entries.Select(e => e.Uri));
            Assert.Equal(2, iFrames.FrameCount);
            Assert.Equal(package.Duration.TotalSeconds, entries.Sum(e => e.Duration), 3);

            var folder = Path.GetDirectoryName(iFrames.PlaylistPath)!;
            foreach (var entry in entries)
            {
                var segment = File.ReadAllBytes(Path.Combine(folder, entry.Uri));
                Assert.Equal(0, entry.Offset % 188);
                Assert.Equal(0, entry.Length % 188);
                Assert.InRange(entry.Offset + entry.Length, 188, segment.Length);
                // It opens with the tables ffmpeg writes before each keyframe (SDT, then PAT and PMT), so it demuxes on its own.
                Assert.Equal(0x47, segment[entry.Offset]);
                Assert.Contains(((segment[entry.Offset + 1] & 0x1F) << 8) | segment[entry.Offset + 2], new[] { 0x0000, 0x0011 });

                var range = Path.Combine(_root, "range.ts");
                File.WriteAllBytes(range, segment.AsSpan((int)entry.Offset, (int)entry.Length).ToArray());
                Assert.Equal("1\nI", EncodingClips.Probe("-select_streams", "v:0", "-show_entries", "frame=key_frame,pict_type", "-of", "default=nw=1:nk=1", range).Trim().ReplaceLineEndings("\n"));
                Assert.Equal(5, FirstSliceNalType(range));
            }

            Assert.Equal(entries.Max(e => e.Length * 8 / e.Duration), iFrames.Bandwidth, 0.01 * iFrames.Bandwidth);
            Assert.InRange(iFrames.AverageBandwidth, 1, iFrames.Bandwidth);
        }

        var master = File.ReadAllText(package.MasterPlaylist);
        var first = package.IFramePlaylists[0];
        Assert.Contains(
            $"\n\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH={first.Bandwidth},AVERAGE-BANDWIDTH={first.AverageBandwidth},CODECS=\"{first.Codecs}\",RESOLUTION=640x360,URI=\"360p/iframe_index.m3u8\"\n#EXT-X-I-FRAME-STREAM-INF:",
            master, StringComparison.Ordinal);
        Assert.Contains(_log.Lines, l => l.StartsWith("VERBOSE: Wrote I-frame playlists in", StringComparison.Ordinal));

        var read = HlsPackageReader.Read(package.OutputPath);
        Assert.Equal(package.IFramePlaylists.Select(i => (i.Name, i.Bandwidth, i.AverageBandwidth, i.Codecs, i.PlaylistPath, i.FrameCount)),
            read.IFramePlaylists.Select(i => (i.Name, i.Bandwidth, i.AverageBandwidth, i.Codecs, i.PlaylistPath, i.FrameCount)));
    }

    [Fact]
    public async Task I_frame_playlists_are_added_and_removed_in_place_without_encoding_again()
    {
        var output = Path.Combine(_root, "toggled");
        var without = await Encoder().EncodeAsync(Request(_clips.Stereo, output) with { IFramePlaylists = false }, null, CancellationToken.None);
        var segment = Path.Combine(output, "360p", "seg_000.ts");
        var encodedAt = File.GetLastWriteTimeUtc(segment);

        Assert.Empty(without.IFramePlaylists);
        Assert.DoesNotContain("I-FRAME", File.ReadAllText(without.MasterPlaylist), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(output, "iframe_index.m3u8", SearchOption.AllDirectories));

        var added = await Encoder().EncodeAsync(Request(_clips.Stereo, output), null, CancellationToken.None);

        Assert.Equal(["360p", "240p"], added.IFramePlaylists.Select(i => i.Name));
        Assert.Equal(2, Regex.Count(File.ReadAllText(added.MasterPlaylist), "#EXT-X-I-FRAME-STREAM-INF:"));
        Assert.Equal(encodedAt, File.GetLastWriteTimeUtc(segment));
        Assert.Equal(["360p", "240p"], HlsPackageReader.Read(output).IFramePlaylists.Select(i => i.Name));
        Assert.Contains(_log.Lines, l => l.Contains("Adding I-frame playlists", StringComparison.Ordinal));

        var removed = await Encoder().EncodeAsync(Request(_clips.Stereo, output) with { IFramePlaylists = false }, null, CancellationToken.None);

        Assert.Empty(removed.IFramePlaylists);
        Assert.Empty(HlsPackageReader.Read(output).IFramePlaylists);
        Assert.DoesNotContain("I-FRAME", File.ReadAllText(removed.MasterPlaylist), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(output, "iframe_index.m3u8", SearchOption.AllDirectories));
        Assert.Equal(encodedAt, File.GetLastWriteTimeUtc(segment));
    }

    [Fact]
    public async Task Adding_i_frame_playlists_in_place_keeps_the_subtitles_of_the_master_playlist()
    {
        var output = Path.Combine(_root, "subtitled");
        var package = await Encoder().EncodeAsync(Request(_clips.Stereo, output) with { IFramePlaylists = false }, null, CancellationToken.None);
        new MasterPlaylistWriter().Write(package, [new HlsSubtitleTrack("English", "en", "subtitles/index.m3u8") { IsDefault = true }]);
        var subtitles = File.ReadAllLines(package.MasterPlaylist).Where(l => l.StartsWith("#EXT-X-MEDIA:", StringComparison.Ordinal)).ToArray();

        await Encoder().EncodeAsync(Request(_clips.Stereo, output), null, CancellationToken.None);

        var master = File.ReadAllLines(package.MasterPlaylist);
        Assert.Equal(subtitles, master.Where(l => l.StartsWith("#EXT-X-MEDIA:", StringComparison.Ordinal)));
        Assert.Single(subtitles);
        Assert.All(master.Where(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)), l => Assert.EndsWith(",SUBTITLES=\"subs\"", l, StringComparison.Ordinal));
        Assert.Equal(2, master.Count(l => l.StartsWith("#EXT-X-I-FRAME-STREAM-INF:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Downloads_are_the_top_rendition_remuxed_to_a_faststart_mp4_and_its_sound_to_m4a()
    {
        var package = await Encoder().EncodeAsync(Request(_clips.Stereo, Path.Combine(_root, "download")) with { Downloads = true }, null, CancellationToken.None);

        var downloads = Assert.IsType<HlsDownloads>(package.Downloads);
        Assert.Equal(Path.Combine(package.OutputPath, "download.mp4"), downloads.VideoPath);
        Assert.Equal(Path.Combine(package.OutputPath, "audio.m4a"), downloads.AudioPath);
        // ffprobe leaves out the empty width and height of the audio stream.
        Assert.Equal("h264,640,360\naac", EncodingClips.Probe("-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", downloads.VideoPath).Trim().ReplaceLineEndings("\n"));
        Assert.Equal("aac", EncodingClips.Probe("-show_entries", "stream=codec_name", "-of", "csv=p=0", downloads.AudioPath!).Trim());
        Assert.Equal(package.Duration.TotalSeconds, Duration(downloads.VideoPath), 0.1);
        Assert.Equal(package.Duration.TotalSeconds, Duration(downloads.AudioPath!), 0.1);
        Assert.True(AtomOffset(downloads.VideoPath, "moov") < AtomOffset(downloads.VideoPath, "mdat"), "download.mp4 is faststart: moov before mdat");
        Assert.True(AtomOffset(downloads.AudioPath!, "moov") < AtomOffset(downloads.AudioPath!, "mdat"), "audio.m4a is faststart");
        // Remuxed, not encoded again: the same pictures as the segments, frame for frame (packet sizes differ by
        // the start codes that Annex B carries and MP4 does not, so the decoded frames are compared).
        Assert.Equal(DecodedVideoMd5(Path.Combine(package.OutputPath, "360p", "index.m3u8")), DecodedVideoMd5(downloads.VideoPath));
        Assert.Empty(Directory.GetFiles(package.OutputPath, "*.partial", SearchOption.AllDirectories));

        var read = HlsPackageReader.Read(package.OutputPath);
        Assert.Equal((downloads.VideoPath, downloads.AudioPath), (read.Downloads!.VideoPath, read.Downloads.AudioPath));
    }

    private static string DecodedVideoMd5(string path) =>
        ExternalTool.Run("ffmpeg", ["-v", "error", "-i", path, "-map", "0:v:0", "-f", "md5", "-"]).Trim();

    [Fact]
    public async Task A_source_without_sound_downloads_as_an_mp4_alone_and_says_so()
    {
        var package = await Encoder().EncodeAsync(Request(_clips.Silent, Path.Combine(_root, "mute")) with { Downloads = true }, null, CancellationToken.None);

        Assert.Null(package.Downloads!.AudioPath);
        Assert.False(File.Exists(Path.Combine(package.OutputPath, "audio.m4a")));
        Assert.Equal("h264", EncodingClips.Probe("-show_entries", "stream=codec_name", "-of", "csv=p=0", package.Downloads.VideoPath).Trim());
        Assert.Equal(package.Duration.TotalSeconds, Duration(package.Downloads.VideoPath), 0.1);
        Assert.Contains(_log.Lines, l => l.Contains("no audio.m4a: the source has no sound", StringComparison.Ordinal));
        Assert.Equal(["180p"], package.IFramePlaylists.Select(i => i.Name));
        Assert.DoesNotContain(",", package.IFramePlaylists[0].Codecs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downloads_follow_the_last_request_on_an_up_to_date_package()
    {
        var output = Path.Combine(_root, "later");
        await Encoder().EncodeAsync(Request(_clips.Stereo, output), null, CancellationToken.None);
        var master = File.ReadAllText(Path.Combine(output, "master.m3u8"));

        var added = await Encoder().EncodeAsync(Request(_clips.Stereo, output) with { Downloads = true }, null, CancellationToken.None);

        Assert.True(File.Exists(added.Downloads!.VideoPath));
        Assert.True(File.Exists(added.Downloads.AudioPath));
        Assert.Equal(master, File.ReadAllText(Path.Combine(output, "master.m3u8")));
        Assert.NotNull(HlsPackageReader.Read(output).Downloads);

        var removed = await Encoder().EncodeAsync(Request(_clips.Stereo, output), null, CancellationToken.None);

        Assert.Null(removed.Downloads);
        Assert.Null(HlsPackageReader.Read(output).Downloads);
        Assert.False(File.Exists(Path.Combine(output, "download.mp4")));
        Assert.False(File.Exists(Path.Combine(output, "audio.m4a")));
    }

    [Fact]
    public void A_byte_range_runs_from_the_tables_before_the_frame_to_its_last_packet()
    {
        // SDT, PAT, PMT (PID 0x1000), video PES start (0x100), audio (0x101), video, next video PES start.
        var stream = new MemoryStream([
            .. Packet(0x11, start: true), .. Pat(0x1000), .. Packet(0x1000, start: true),
            .. Packet(0x100, start: true), .. Packet(0x101, start: true), .. Packet(0x100, start: false),
            .. Packet(0x101, start: false), .. Packet(0x100, start: true),
        ]);

        Assert.Equal((0L, 6L * 188), TransportStreamRange.Of(stream, 3 * 188));
        Assert.Equal((7L * 188, 188L), TransportStreamRange.Of(stream, 7 * 188));
        Assert.Throws<FormatException>(() => TransportStreamRange.Of(stream, 5 * 188));
        Assert.Throws<FormatException>(() => TransportStreamRange.Of(new MemoryStream(new byte[3 * 188]), 188));
    }

    [Fact]
    public void I_frame_durations_run_to_the_next_i_frame_and_the_last_to_the_end_across_a_timestamp_wrap()
    {
        const long wrap = 1L << 33;
        var entries = IFramePlaylistBuilder.Time(
            [("a.ts", 0, 188, wrap - 90_000), ("a.ts", 376, 188, 90_000), ("b.ts", 0, 376, 270_000)],
            TimeSpan.FromSeconds(5.5));

        Assert.Equal([2.0, 2.0, 1.5], entries.Select(e => Math.Round(e.Duration.TotalSeconds, 6)));
        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-I-FRAMES-ONLY\n" +
            "#EXTINF:2.000000,\n#EXT-X-BYTERANGE:188@0\na.ts\n#EXTINF:2.000000,\n#EXT-X-BYTERANGE:188@376\na.ts\n#EXTINF:1.500000,\n#EXT-X-BYTERANGE:376@0\nb.ts\n#EXT-X-ENDLIST\n",
            IFramePlaylistBuilder.Render(entries, 2));
    }

    private async Task<HlsPackage> Encode(string source, string name) =>
        await Encoder().EncodeAsync(Request(source, Path.Combine(_root, name)), null, CancellationToken.None);

    private HlsLadderEncoder Encoder() => new(_log, _time);

    private static EncodeRequest Request(string source, string output) => new()
    {
        SourcePath = source,
        OutputPath = output,
        Qualities = ["360p", "240p"],
        SegmentDuration = TimeSpan.FromSeconds(2),
    };

    private static List<(string Uri, long Offset, long Length, double Duration)> Entries(string[] lines)
    {
        var entries = new List<(string, long, long, double)>();
        for (var i = 0; i + 2 < lines.Length; i++)
        {
            if (lines[i].StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                var range = ByteRange().Match(lines[i + 1]);
                Assert.True(range.Success, lines[i + 1]);
                entries.Add((lines[i + 2], long.Parse(range.Groups[2].Value, CultureInfo.InvariantCulture), long.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture),
                    double.Parse(lines[i]["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture)));
            }
        }

        return entries;
    }

    private static double Duration(string file) =>
        double.Parse(EncodingClips.Probe("-show_entries", "format=duration", "-of", "csv=p=0", file).Trim(), CultureInfo.InvariantCulture);

    private static long AtomOffset(string file, string type)
    {
        using var stream = File.OpenRead(file);
        var header = new byte[8];
        for (long at = 0; at + 8 <= stream.Length;)
        {
            stream.Position = at;
            stream.ReadExactly(header);
            var size = ((long)header[0] << 24) | ((long)header[1] << 16) | ((long)header[2] << 8) | header[3];
            if (System.Text.Encoding.ASCII.GetString(header, 4, 4) == type)
            {
                return at;
            }

            at += size < 8 ? stream.Length : size;
        }

        return long.MaxValue;
    }

    /// <summary>The NAL unit type of the first coded slice in the file's H.264 stream (1: non-IDR, 5: IDR), as ffmpeg's trace_headers reads it.</summary>
    private static int FirstSliceNalType(string file)
    {
        var start = new ProcessStartInfo("ffmpeg", ["-hide_banner", "-nostdin", "-i", file, "-map", "0:v:0", "-c", "copy", "-bsf:v", "trace_headers", "-f", "null", "-"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var trace = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return NalType().Matches(trace).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).First(type => type is 1 or 5);
    }

    private static byte[] Packet(int pid, bool start)
    {
        var packet = new byte[188];
        packet[0] = 0x47;
        packet[1] = (byte)((start ? 0x40 : 0) | (pid >> 8));
        packet[2] = (byte)pid;
        packet[3] = 0x10;
        return packet;
    }

    private static byte[] Pat(int pmtPid)
    {
        var packet = Packet(0, start: true);
        // pointer_field 0; table_id 0; section_length 13; transport_stream_id, version, section numbers; program 1 -> PMT PID; CRC.
        byte[] section = [0x00, 0x00, 0xB0, 0x0D, 0x00, 0x01, 0xC1, 0x00, 0x00, 0x00, 0x01, (byte)(0xE0 | (pmtPid >> 8)), (byte)pmtPid, 0, 0, 0, 0];
        section.CopyTo(packet, 4);
        return packet;
    }

    [GeneratedRegex(@"^#EXT-X-BYTERANGE:(\d+)@(\d+)$")]
    private static partial Regex ByteRange();

    [GeneratedRegex(@"nal_unit_type\s+[01]+ = (\d+)")]
    private static partial Regex NalType();
}
