using Microsoft.Extensions.Time.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using HlsEncoder.Ladder;
using HlsEncoder.Packaging;

namespace HlsEncoder.Tests.Ladder;

/// <summary>The encoder against the real ffmpeg and ffprobe, on clips of a few seconds.</summary>
public sealed class HlsLadderEncoderTests : IClassFixture<EncodingClips>, IDisposable
{
    private static readonly string[] SmallLadder = ["480p", "360p", "240p"];
    private readonly EncodingClips _clips;
    private readonly string _root = Directory.CreateTempSubdirectory("hlsenc-encode-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly RecordingLog _log = new();

    public HlsLadderEncoderTests(EncodingClips clips) => _clips = clips;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Encodes_the_platform_layout_with_keyframes_aligned_across_rungs()
    {
        var output = Path.Combine(_root, "stereo");
        var progress = new RecordingProgress();

        var package = await Encoder().EncodeAsync(Request(_clips.Stereo, output), progress, CancellationToken.None);

        Assert.Equal(["360p", "240p"], package.Qualities);
        Assert.Equal(Path.Combine(output, "master.m3u8"), package.MasterPlaylist);
        Assert.Equal(
            [".hlsencoder-package.json", "240p/iframe_index.m3u8", "240p/index.m3u8", "240p/seg_000.ts", "240p/seg_001.ts", "360p/iframe_index.m3u8", "360p/index.m3u8", "360p/seg_000.ts", "360p/seg_001.ts", "master.m3u8", "poster.jpg", "storyboard/sheet_0.jpg", "storyboard/thumbnails.vtt"],
            Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f).Replace('\\', '/')).Order(StringComparer.Ordinal));
        Assert.Equal(["stereo"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));

        var keyframes = package.Renditions.Select(r => KeyframeTimes(r.PlaylistPath)).ToArray();
        Assert.Equal(keyframes[0], keyframes[1]);
        Assert.Equal([0.0, 2.0], keyframes[0].Select(t => Math.Round(t - keyframes[0][0], 2)));

        foreach (var rendition in package.Renditions)
        {
            var playlist = MediaPlaylist.Read(rendition.PlaylistPath);
            Assert.True(playlist.HasEndList);
            Assert.All(playlist.Segments, s => Assert.InRange(s.Duration.TotalSeconds, 1.95, 2.05));
            Assert.Equal(playlist.Segments.Count, rendition.SegmentCount);
            var probed = Streams(Path.Combine(Path.GetDirectoryName(rendition.PlaylistPath)!, "seg_000.ts"));
            Assert.Equal($"{rendition.Width}x{rendition.Height}", $"{probed["video"]["width"]}x{probed["video"]["height"]}");
            Assert.Equal(("High", "aac", "LC", "48000", "2"), ((string)probed["video"]["profile"]!, (string)probed["audio"]["codec_name"]!, (string)probed["audio"]["profile"]!, (string)probed["audio"]["sample_rate"]!, probed["audio"]["channels"]!.ToString()));
            Assert.Equal($"avc1.6400{(int)probed["video"]["level"]!:x2},mp4a.40.2", rendition.Codecs);
            Assert.Equal(30, rendition.FrameRate);
            Assert.InRange(rendition.AverageBandwidth, 50_000, rendition.Bandwidth);
        }

        Assert.Equal([(640, 360), (426, 240)], package.Renditions.Select(r => (r.Width, r.Height)));
        Assert.Equal(4, package.Duration.TotalSeconds, 1);
        Assert.True(package.HasAudio);

        var master = File.ReadAllText(package.MasterPlaylist);
        Assert.Contains($"BANDWIDTH={package.Renditions[0].Bandwidth},AVERAGE-BANDWIDTH={package.Renditions[0].AverageBandwidth},CODECS=\"{package.Renditions[0].Codecs}\",RESOLUTION=640x360,FRAME-RATE=30.000", master, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-INDEPENDENT-SEGMENTS", master, StringComparison.Ordinal);

        Assert.Equal(100, progress.Reports[^1].Percent);
        Assert.Contains(progress.Reports, p => p.Percent is > 0 and < 100 && p.Speed > 0);
        Assert.Contains(_log.Messages, m => m.Contains("480p dropped", StringComparison.Ordinal));
        Assert.Equal(package.Renditions.Select(r => r.Bandwidth), HlsPackageReader.Read(output).Renditions.Select(r => r.Bandwidth));
    }

    [Fact]
    public async Task A_source_without_audio_gives_video_only_renditions()
    {
        var package = await Encoder().EncodeAsync(Request(_clips.Silent, Path.Combine(_root, "silent")), null, CancellationToken.None);

        var rendition = Assert.Single(package.Renditions);
        Assert.Equal(("180p", 320, 180, false), (rendition.Name, rendition.Width, rendition.Height, rendition.HasAudio));
        Assert.Matches("^avc1\\.6400[0-9a-f]{2}$", rendition.Codecs);
        Assert.False(package.HasAudio);
        Assert.DoesNotContain("audio", EncodingClips.Probe("-show_entries", "stream=codec_type", "-of", "csv=p=0", Path.Combine(package.OutputPath, "180p", "seg_000.ts")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cover_picture_stored_before_the_video_is_not_taken_for_it()
    {
        var cover = Path.Combine(_root, "cover.jpg");
        var covered = Path.Combine(_root, "covered.mkv");
        HlsEncoder.TestAssets.ExternalTool.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "color=red:s=64x64", "-frames:v", "1", cover);
        HlsEncoder.TestAssets.ExternalTool.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-i", cover, "-i", _clips.Silent, "-map", "0", "-map", "1", "-c", "copy", covered);
        Assert.StartsWith("0,mjpeg", EncodingClips.Probe("-show_entries", "stream=index,codec_name", "-of", "csv=p=0", covered), StringComparison.Ordinal);

        var package = await Encoder().EncodeAsync(Request(covered, Path.Combine(_root, "covered")), null, CancellationToken.None);

        Assert.Equal((320, 180), (package.Renditions[0].Width, package.Renditions[0].Height));
        Assert.InRange(package.Duration.TotalSeconds, 1.9, 2.1);
    }

    [Fact]
    public async Task An_up_to_date_package_is_skipped_and_force_encodes_it_again()
    {
        var output = Path.Combine(_root, "again");
        var first = await Encoder().EncodeAsync(Request(_clips.Silent, output), null, CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));

        var skipped = await Encoder().EncodeAsync(Request(_clips.Silent, output), null, CancellationToken.None);
        var createdAfterSkip = CreatedAt(output);
        var forced = await Encoder().EncodeAsync(Request(_clips.Silent, output) with { Force = true }, null, CancellationToken.None);

        Assert.Equal(first.Qualities, skipped.Qualities);
        Assert.Contains(_log.Messages, m => m.StartsWith($"Skipped {_clips.Silent}", StringComparison.Ordinal));
        Assert.Equal("2026-01-02T03:04:05+00:00", createdAfterSkip);
        Assert.Equal("2026-01-02T04:04:05+00:00", CreatedAt(output));
        Assert.Equal(forced.Renditions[0].SegmentCount, HlsPackageReader.Read(output).Renditions[0].SegmentCount);
        Assert.Equal(["again"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_package_is_reused_for_a_copy_of_its_source_and_then_names_the_copy_but_not_for_other_bytes_of_the_same_size()
    {
        var output = Path.Combine(_root, "copied");
        await Encoder().EncodeAsync(Request(_clips.Silent, output), null, CancellationToken.None);
        var copy = Path.Combine(_root, "scratch", "lecture.mp4");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(_clips.Silent, copy);
        File.SetLastWriteTimeUtc(copy, new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc));

        var reused = await Encoder().EncodeAsync(Request(copy, output), null, CancellationToken.None);

        Assert.Equal(copy, reused.SourcePath);
        Assert.Equal(copy, JsonNode.Parse(File.ReadAllText(Path.Combine(output, ".hlsencoder-package.json")))!["source"]!["path"]!.GetValue<string>());
        Assert.Equal("2026-01-02T03:04:05+00:00", CreatedAt(output));
        Assert.Contains(_log.Messages, m => m.StartsWith($"Skipped {copy}", StringComparison.Ordinal) && m.Contains("from the same content", StringComparison.Ordinal));

        var bytes = File.ReadAllBytes(copy);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(copy, bytes);
        var error = await Assert.ThrowsAsync<HlsEncoderException>(() => Encoder().EncodeAsync(Request(copy, output), null, CancellationToken.None));
        Assert.Equal("PackageExists", error.ErrorId);
    }

    [Fact]
    public async Task A_package_made_with_other_settings_is_not_replaced_without_force()
    {
        var output = Path.Combine(_root, "settings");
        await Encoder().EncodeAsync(Request(_clips.Silent, output), null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<HlsEncoderException>(() =>
            Encoder().EncodeAsync(Request(_clips.Silent, output) with { Preset = "faster" }, null, CancellationToken.None));

        Assert.Equal(("PackageExists", FailureKind.ResourceExists), (error.ErrorId, error.Kind));
        Assert.Contains("preset veryfast", error.Message, StringComparison.Ordinal);
        Assert.Equal("veryfast", JsonNode.Parse(File.ReadAllText(Path.Combine(output, ".hlsencoder-package.json")))!["settings"]!["preset"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_folder_that_is_not_a_package_is_never_replaced_even_with_force()
    {
        var output = Path.Combine(_root, "documents");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "thesis.docx"), "precious");

        var error = await Assert.ThrowsAsync<HlsEncoderException>(() =>
            Encoder().EncodeAsync(Request(_clips.Silent, output) with { Force = true }, null, CancellationToken.None));

        Assert.Equal("OutputFolderInUse", error.ErrorId);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(output, "thesis.docx")));
    }

    [Fact]
    public async Task Cancelling_stops_ffmpeg_promptly_and_leaves_nothing_behind()
    {
        using var cancellation = new CancellationTokenSource();
        var cancelledAt = new Stopwatch();
        var output = Path.Combine(_root, "stopped");
        var progress = new RecordingProgress(p =>
        {
            if (p.Processed > TimeSpan.Zero && !cancellation.IsCancellationRequested)
            {
                cancelledAt.Start();
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Encoder().EncodeAsync(Request(_clips.Long, output), progress, cancellation.Token));
        cancelledAt.Stop();

        Assert.True(cancellation.IsCancellationRequested, "ffmpeg reported progress before it finished");
        Assert.InRange(cancelledAt.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1.5));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
        Assert.DoesNotContain(EncodingClips.RunningFfmpegCommandLines(), c => c.Contains(_clips.Long, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_sources_fail_with_stable_error_ids()
    {
        var empty = Path.Combine(_root, "empty.mp4");
        File.WriteAllBytes(empty, []);
        var text = Path.Combine(_root, "notes.mp4");
        File.WriteAllText(text, "not a video at all");
        var audioOnly = Path.Combine(_root, "speech.m4a");
        HlsEncoder.TestAssets.ExternalTool.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", audioOnly);

        var cases = new (string Source, string? Ffmpeg, string ErrorId, FailureKind Kind)[]
        {
            (Path.Combine(_root, "missing.mp4"), null, "SourceNotFound", FailureKind.NotFound),
            (empty, null, "SourceEmpty", FailureKind.InvalidData),
            (_clips.Folder, null, "SourceIsDirectory", FailureKind.InvalidArgument),
            (text, null, "SourceNotVideo", FailureKind.InvalidData),
            (audioOnly, null, "NoVideoStream", FailureKind.InvalidData),
            (_clips.Silent, Path.Combine(_root, "no-ffmpeg-here"), "FfmpegNotFound", FailureKind.NotFound),
        };

        foreach (var (source, ffmpeg, errorId, kind) in cases)
        {
            var error = await Assert.ThrowsAsync<HlsEncoderException>(() =>
                Encoder().EncodeAsync(Request(source, Path.Combine(_root, "out")) with { FfmpegPath = ffmpeg }, null, CancellationToken.None));
            Assert.Equal((errorId, kind), (error.ErrorId, error.Kind));
        }

        Assert.False(Directory.Exists(Path.Combine(_root, "out")));
    }

    [Fact]
    public async Task An_output_folder_that_cannot_be_created_is_a_per_video_error()
    {
        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "in the way");

        var error = await Assert.ThrowsAsync<HlsEncoderException>(() =>
            Encoder().EncodeAsync(Request(_clips.Silent, Path.Combine(file, "package")), null, CancellationToken.None));

        Assert.Equal(("OutputWriteFailed", FailureKind.OperationFailed), (error.ErrorId, error.Kind));
        Assert.Equal(["a-file"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Invalid_settings_are_refused_before_any_work()
    {
        var badQuality = await Assert.ThrowsAsync<HlsEncoderException>(() =>
            Encoder().EncodeAsync(Request(_clips.Silent, Path.Combine(_root, "q")) with { Qualities = ["4k"] }, null, CancellationToken.None));
        var badDuration = await Assert.ThrowsAsync<HlsEncoderException>(() =>
            Encoder().EncodeAsync(Request(_clips.Silent, Path.Combine(_root, "d")) with { SegmentDuration = TimeSpan.FromSeconds(0.5) }, null, CancellationToken.None));
        var badPreset = await Assert.ThrowsAsync<HlsEncoderException>(() =>
            Encoder().EncodeAsync(Request(_clips.Silent, Path.Combine(_root, "p")) with { Preset = "ultrafast" }, null, CancellationToken.None));

        Assert.Equal(["InvalidQuality", "InvalidSegmentDuration", "InvalidPreset"], new[] { badQuality, badDuration, badPreset }.Select(e => e.ErrorId));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void The_default_output_folder_lies_beside_the_source_named_after_it() =>
        Assert.Equal(Path.GetFullPath("/videos/week 1/lecture.v2"), EncodeRequest.DefaultOutputPath("/videos/week 1/lecture.v2.mp4"));

    private HlsLadderEncoder Encoder() => new(_log, _time);

    private static EncodeRequest Request(string source, string output) => new()
    {
        SourcePath = source,
        OutputPath = output,
        Qualities = SmallLadder,
        SegmentDuration = TimeSpan.FromSeconds(2),
    };

    private static double[] KeyframeTimes(string playlist) =>
        EncodingClips.Probe("-select_streams", "v:0", "-skip_frame", "nokey", "-show_entries", "frame=pts_time", "-of", "csv=p=0", playlist)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => double.Parse(t.TrimEnd(','), CultureInfo.InvariantCulture))
            .ToArray();

    private static Dictionary<string, JsonNode> Streams(string segment) =>
        JsonNode.Parse(EncodingClips.Probe("-show_entries", "stream=codec_type,codec_name,profile,level,width,height,sample_rate,channels", "-of", "json", segment))!["streams"]!
            .AsArray()
            .ToDictionary(s => (string)s!["codec_type"]!, s => s!);

    private static string CreatedAt(string output) =>
        DateTimeOffset.Parse((string)JsonNode.Parse(File.ReadAllText(Path.Combine(output, ".hlsencoder-package.json")))!["createdAt"]!, CultureInfo.InvariantCulture)
            .ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    private sealed class RecordingProgress(Action<MediaProgress>? onReport = null) : IProgress<MediaProgress>
    {
        public List<MediaProgress> Reports { get; } = [];

        public void Report(MediaProgress value)
        {
            lock (Reports)
            {
                Reports.Add(value);
            }

            onReport?.Invoke(value);
        }
    }

    private sealed class RecordingLog : IOperationLog
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return _messages.ToArray();
                }
            }
        }

        public void Verbose(string message) => Add(message);

        public void Debug(string message) => Add(message);

        public void Warning(string message) => Add(message);

        private void Add(string message)
        {
            lock (_messages)
            {
                _messages.Add(message);
            }
        }
    }
}
