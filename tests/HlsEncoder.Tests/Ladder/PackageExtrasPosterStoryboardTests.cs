using System.Globalization;
using System.Text.RegularExpressions;
using HlsEncoder.Ladder;
using HlsEncoder.Packaging;
using HlsEncoder.TestAssets;
using HlsEncoder.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace HlsEncoder.Tests.Ladder;

/// <summary>poster.jpg and the storyboard (sprite sheets + thumbnails.vtt), made with the real ffmpeg from a package's own renditions.</summary>
public sealed partial class PackageExtrasPosterStoryboardTests : IClassFixture<PosterClips>, IDisposable
{
    private readonly PosterClips _clips;
    private readonly string _root = Directory.CreateTempSubdirectory("hlsenc-poster-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly RecordingLog _log = new();

    public PackageExtrasPosterStoryboardTests(PosterClips clips) => _clips = clips;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_poster_skips_a_black_fade_in_and_the_storyboard_covers_the_whole_video()
    {
        var package = await Encode(_clips.FadeIn, "fade");

        var poster = Assert.IsType<HlsPoster>(package.Poster);
        Assert.Equal(Path.Combine(package.OutputPath, "poster.jpg"), poster.Path);
        Assert.Equal((640, 360), (poster.Width, poster.Height));
        Assert.Equal("mjpeg,640,360", Probe(poster.Path, "stream=codec_name,width,height"));
        // 10 % (1 s) and 25 % (2.5 s) are still black: the fade starts at 3 s; 50 % (5 s) is the picture, taken at the keyframe before it (4 s).
        Assert.InRange(poster.Time.TotalSeconds, 4, 5);
        Assert.Null(poster.RequestedTime);
        Assert.InRange(MeanLuma(poster.Path), 60, 255);
        Assert.InRange(MeanLuma(FrameAt(package, 1)), 0, 20);
        Assert.Contains(_log.Lines, l => l.StartsWith("VERBOSE: Wrote poster.jpg (640x360, the frame at", StringComparison.Ordinal));

        var storyboard = Assert.IsType<HlsStoryboard>(package.Storyboard);
        Assert.Equal(Path.Combine(package.OutputPath, "storyboard", "thumbnails.vtt"), storyboard.VttPath);
        var cues = AssertValidThumbnailsVtt(storyboard.VttPath, package.Duration);
        // 10 s, a tile every 2 s: 5 tiles of 160x90 from the 240p rendition, on one 5x1 sheet.
        Assert.Equal(5, cues.Count);
        Assert.Equal(5, storyboard.TileCount);
        Assert.Equal((160, 90, 5, 1), (storyboard.TileWidth, storyboard.TileHeight, storyboard.Columns, storyboard.Rows));
        Assert.Equal([Path.Combine(package.OutputPath, "storyboard", "sheet_0.jpg")], storyboard.SheetPaths);
        Assert.Equal("mjpeg,800,90", Probe(storyboard.SheetPaths[0], "stream=codec_name,width,height"));
        Assert.Equal([0.0, 2, 4, 6, 8], cues.Select(c => Math.Round(c.Start.TotalSeconds, 1)));
        Assert.Equal(["sheet_0.jpg#xywh=0,0,160,90", "sheet_0.jpg#xywh=160,0,160,90", "sheet_0.jpg#xywh=320,0,160,90"], cues.Take(3).Select(c => c.Target));
        Assert.Contains(_log.Lines, l => l.StartsWith("VERBOSE: Wrote storyboard/thumbnails.vtt: 5 tiles of 160x90, one every 2 s, in 1 sheet", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(package.OutputPath, ".poster*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFileSystemEntries(package.OutputPath, ".storyboard*", SearchOption.AllDirectories));

        var read = HlsPackageReader.Read(package.OutputPath);
        Assert.Equal((poster.Path, poster.Width, poster.Height, poster.Time), (read.Poster!.Path, read.Poster.Width, read.Poster.Height, read.Poster.Time));
        Assert.Equal((storyboard.VttPath, storyboard.TileCount, storyboard.Interval), (read.Storyboard!.VttPath, read.Storyboard.TileCount, read.Storyboard.Interval));
        Assert.Equal(storyboard.SheetPaths, read.Storyboard.SheetPaths);
        // The storyboard is no subtitle track: the package has no transcript, and the master playlist does not name it.
        Assert.Null(read.Transcript);
        Assert.DoesNotContain("thumbnails", File.ReadAllText(package.MasterPlaylist), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PosterTime_takes_the_frame_at_that_time_even_a_black_one()
    {
        var dark = await Encoder().EncodeAsync(Request(_clips.FadeIn, Path.Combine(_root, "dark")) with { PosterTime = TimeSpan.FromSeconds(1) }, null, CancellationToken.None);
        var bright = await Encoder().EncodeAsync(Request(_clips.FadeIn, Path.Combine(_root, "bright")) with { PosterTime = TimeSpan.FromSeconds(7.5) }, null, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(1), dark.Poster!.RequestedTime);
        Assert.InRange(dark.Poster.Time.TotalSeconds, 0.96, 1.0005);
        Assert.InRange(MeanLuma(dark.Poster.Path), 0, 20);
        Assert.Contains(_log.Lines, l => l.Contains("is near-black; it is the poster, as asked", StringComparison.Ordinal));
        Assert.InRange(bright.Poster!.Time.TotalSeconds, 7.46, 7.5005);
        // The very frame at 7.5 s, not a neighbour: testsrc2 moves, so frames 0.5 s apart differ.
        var exact = FrameAt(bright, 7.5);
        var later = FrameAt(bright, 8);
        Assert.True(Difference(bright.Poster.Path, exact) < Difference(bright.Poster.Path, later) / 2,
            $"poster vs 7.5 s: {Difference(bright.Poster.Path, exact)}, vs 8 s: {Difference(bright.Poster.Path, later)}");
    }

    [Fact]
    public async Task A_PosterTime_past_the_end_fails_before_encoding_and_names_the_rule()
    {
        var output = Path.Combine(_root, "late");

        var error = await Assert.ThrowsAsync<HlsEncoderException>(() =>
            Encoder().EncodeAsync(Request(_clips.FadeIn, output) with { PosterTime = TimeSpan.FromSeconds(10) }, null, CancellationToken.None));

        Assert.Equal("InvalidPosterTime", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains("-PosterTime must lie inside the video: from 0 to less than its duration (10 s); got 10 s.", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(output, "240p")));
        var negative = await Assert.ThrowsAsync<HlsEncoderException>(() =>
            Encoder().EncodeAsync(Request(_clips.FadeIn, output) with { PosterTime = TimeSpan.FromSeconds(-1) }, null, CancellationToken.None));
        Assert.Equal("InvalidPosterTime", negative.ErrorId);
    }

    [Fact]
    public async Task A_one_second_source_without_sound_gets_a_poster_and_a_storyboard_of_one_tile()
    {
        var package = await Encode(_clips.OneSecondSilent, "short");

        Assert.False(package.HasAudio);
        Assert.Equal("mjpeg,320,180", Probe(package.Poster!.Path, "stream=codec_name,width,height"));
        Assert.InRange(MeanLuma(package.Poster.Path), 40, 255);
        var cues = AssertValidThumbnailsVtt(package.Storyboard!.VttPath, package.Duration);
        var cue = Assert.Single(cues);
        Assert.Equal("sheet_0.jpg#xywh=0,0,160,90", cue.Target);
        Assert.Equal("mjpeg,160,90", Probe(package.Storyboard.SheetPaths[0], "stream=codec_name,width,height"));
    }

    [Fact]
    public async Task Poster_and_storyboard_are_added_removed_and_retaken_in_place_without_encoding_again()
    {
        var output = Path.Combine(_root, "toggled");
        var without = await Encoder().EncodeAsync(Request(_clips.FadeIn, output) with { Poster = false, Storyboard = false }, null, CancellationToken.None);
        var segment = Path.Combine(output, "240p", "seg_000.ts");
        var encodedAt = File.GetLastWriteTimeUtc(segment);

        Assert.Null(without.Poster);
        Assert.Null(without.Storyboard);
        Assert.False(File.Exists(Path.Combine(output, "poster.jpg")));
        Assert.False(Directory.Exists(Path.Combine(output, "storyboard")));
        Assert.Contains(_log.Lines, l => l == "VERBOSE: No poster.jpg (-NoPoster).");

        var added = await Encoder().EncodeAsync(Request(_clips.FadeIn, output), null, CancellationToken.None);

        Assert.True(File.Exists(added.Poster!.Path));
        AssertValidThumbnailsVtt(added.Storyboard!.VttPath, added.Duration);
        Assert.NotNull(HlsPackageReader.Read(output).Poster);
        Assert.NotNull(HlsPackageReader.Read(output).Storyboard);
        Assert.Equal(encodedAt, File.GetLastWriteTimeUtc(segment));
        Assert.Contains(_log.Lines, l => l.Contains("Adding poster.jpg", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.Contains("Adding a storyboard", StringComparison.Ordinal));

        var retaken = await Encoder().EncodeAsync(Request(_clips.FadeIn, output) with { PosterTime = TimeSpan.FromSeconds(1) }, null, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(1), retaken.Poster!.RequestedTime);
        Assert.InRange(MeanLuma(retaken.Poster.Path), 0, 20);
        Assert.Equal(TimeSpan.FromSeconds(1), HlsPackageReader.Read(output).Poster!.RequestedTime);

        var removed = await Encoder().EncodeAsync(Request(_clips.FadeIn, output) with { Poster = false, Storyboard = false }, null, CancellationToken.None);

        Assert.Null(removed.Poster);
        Assert.Null(removed.Storyboard);
        Assert.Null(HlsPackageReader.Read(output).Poster);
        Assert.Null(HlsPackageReader.Read(output).Storyboard);
        Assert.False(File.Exists(Path.Combine(output, "poster.jpg")));
        Assert.False(Directory.Exists(Path.Combine(output, "storyboard")));
        Assert.Equal(encodedAt, File.GetLastWriteTimeUtc(segment));
    }

    [Fact]
    public async Task A_package_whose_manifest_names_a_missing_sheet_is_not_a_package()
    {
        var package = await Encode(_clips.OneSecondSilent, "broken");
        File.Delete(package.Storyboard!.SheetPaths[0]);

        var error = Assert.Throws<HlsEncoderException>(() => HlsPackageReader.Read(package.OutputPath));

        Assert.Equal("NotAnHlsPackage", error.ErrorId);
        Assert.Contains("sheet_0.jpg, which the manifest records, is missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 2, 1, 1, 1)]
    [InlineData(10, 2, 5, 5, 1)]
    [InlineData(60, 2, 30, 10, 3)]
    [InlineData(1000, 2, 500, 10, 10)]
    [InlineData(1200, 4, 300, 10, 10)]
    [InlineData(3600, 8, 450, 10, 10)]
    [InlineData(10_800, 22, 491, 10, 10)]
    [InlineData(36_000, 72, 500, 10, 10)]
    public void The_tile_interval_keeps_any_video_at_500_tiles_and_5_sheets_or_fewer(double seconds, int interval, int tiles, int columns, int rows)
    {
        var plan = StoryboardPlan.For(TimeSpan.FromSeconds(seconds), 854, 480);

        Assert.Equal(TimeSpan.FromSeconds(interval), plan.Interval);
        Assert.Equal((columns, rows), (plan.Columns, plan.Rows));
        Assert.Equal((160, 90), (plan.TileWidth, plan.TileHeight));
        var times = Enumerable.Range(0, tiles + 1).Select(i => TimeSpan.FromSeconds(i * interval)).ToArray();
        var (text, cues) = plan.RenderVtt(times, TimeSpan.FromSeconds(seconds));
        Assert.Equal(tiles, cues);
        Assert.InRange(plan.SheetCount(cues), 1, 5);
        var path = Path.Combine(_root, "plan.vtt");
        File.WriteAllText(path, text);
        var parsed = ParseThumbnailsVtt(path, TimeSpan.FromSeconds(seconds));
        Assert.All(parsed, c => Assert.InRange(c.X + c.W, 0, plan.Columns * plan.TileWidth));
        Assert.All(parsed, c => Assert.InRange(c.Y + c.H, 0, plan.Rows * plan.TileHeight));
        Assert.Equal(plan.SheetCount(cues) - 1, parsed.Max(c => int.Parse(SheetNumber().Match(c.Target).Groups[1].Value, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Tiles_keep_the_aspect_ratio_and_the_poster_is_at_most_1280_wide()
    {
        Assert.Equal(284, StoryboardPlan.For(TimeSpan.FromSeconds(60), 480, 854).TileHeight);
        Assert.Equal(120, StoryboardPlan.For(TimeSpan.FromSeconds(60), 640, 480).TileHeight);
        Assert.Equal((1280, 720), PosterRule.Size(1920, 1080));
        Assert.Equal((1280, 720), PosterRule.Size(1280, 720));
        Assert.Equal((854, 480), PosterRule.Size(854, 480));
        Assert.Equal((1080, 1920), PosterRule.Size(1080, 1920));
    }

    [Fact]
    public void The_rule_takes_the_first_candidate_that_is_neither_near_black_nor_flat()
    {
        FrameStats black = new(16, 16, 20), fadeStart = new(25, 16, 38), darkSlide = new(24, 16, 235), blank = new(200, 190, 200), picture = new(110, 16, 235);

        Assert.Equal(2, PosterRule.Choose([black, fadeStart, picture]));
        Assert.Equal(0, PosterRule.Choose([darkSlide, picture, picture]));
        Assert.Equal(1, PosterRule.Choose([blank, picture, black]));
        // None usable: the widest luma range.
        Assert.Equal(1, PosterRule.Choose([black, fadeStart, blank]));
        Assert.Equal([TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)], PosterRule.Candidates(TimeSpan.FromSeconds(60)));
    }

    /// <summary>A strict reading of thumbnails.vtt: the header, then blank-line separated cues of one timing line and one target each.</summary>
    private static List<Cue> AssertValidThumbnailsVtt(string path, TimeSpan duration)
    {
        var cues = ParseThumbnailsVtt(path, duration);
        var sizes = new Dictionary<string, (int Width, int Height)>(StringComparer.Ordinal);
        foreach (var cue in cues)
        {
            var sheet = Path.Combine(Path.GetDirectoryName(path)!, cue.Target[..cue.Target.IndexOf('#', StringComparison.Ordinal)]);
            Assert.True(File.Exists(sheet), $"{cue.Target} names a missing sheet");
            if (!sizes.TryGetValue(sheet, out var size))
            {
                var probed = Probe(sheet, "stream=width,height").Split(',');
                size = sizes[sheet] = (int.Parse(probed[0], CultureInfo.InvariantCulture), int.Parse(probed[1], CultureInfo.InvariantCulture));
            }

            Assert.True(cue.W > 0 && cue.H > 0 && cue.X + cue.W <= size.Width && cue.Y + cue.H <= size.Height, $"{cue.Target} lies outside its {size.Width}x{size.Height} sheet");
        }

        return cues;
    }

    private static List<Cue> ParseThumbnailsVtt(string path, TimeSpan duration)
    {
        var lines = File.ReadAllText(path).Split('\n');
        Assert.Equal("WEBVTT", lines[0]);
        var cues = new List<Cue>();
        var i = 1;
        while (i < lines.Length && !(i == lines.Length - 1 && lines[i].Length == 0))
        {
            Assert.True(lines[i].Length == 0, $"line {i + 1} should separate cues: '{lines[i]}'");
            var timing = Timing().Match(lines[i + 1]);
            Assert.True(timing.Success, $"line {i + 2} is not a cue timing line: '{lines[i + 1]}'");
            var target = Target().Match(lines[i + 2]);
            Assert.True(target.Success, $"line {i + 3} is not sheet_N.jpg#xywh=x,y,w,h: '{lines[i + 2]}'");
            cues.Add(new Cue(Time(timing, 1), Time(timing, 5), lines[i + 2],
                int.Parse(target.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(target.Groups[2].Value, CultureInfo.InvariantCulture),
                int.Parse(target.Groups[3].Value, CultureInfo.InvariantCulture), int.Parse(target.Groups[4].Value, CultureInfo.InvariantCulture)));
            i += 3;
        }

        Assert.NotEmpty(cues);
        Assert.Equal(TimeSpan.Zero, cues[0].Start);
        for (var c = 0; c < cues.Count; c++)
        {
            Assert.True(cues[c].End > cues[c].Start, $"cue {c} is empty");
            if (c > 0)
            {
                Assert.Equal(cues[c - 1].End, cues[c].Start);
            }
        }

        Assert.Equal(duration.TotalSeconds, cues[^1].End.TotalSeconds, 1.0 / 30);
        return cues;
    }

    private static TimeSpan Time(Match match, int group) =>
        new TimeSpan(0, int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[group + 1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[group + 2].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[group + 3].Value, CultureInfo.InvariantCulture));

    private async Task<HlsPackage> Encode(string source, string name) =>
        await Encoder().EncodeAsync(Request(source, Path.Combine(_root, name)), null, CancellationToken.None);

    private HlsLadderEncoder Encoder() => new(_log, _time);

    private static EncodeRequest Request(string source, string output) => new()
    {
        SourcePath = source,
        OutputPath = output,
        Qualities = ["360p", "240p"],
        SegmentDuration = TimeSpan.FromSeconds(2),
        IFramePlaylists = false,
    };

    private static string Probe(string file, string entries) =>
        EncodingClips.Probe("-show_entries", entries, "-of", "csv=p=0", file).Trim().ReplaceLineEndings("\n");

    /// <summary>The mean luma (0-255) of a picture's first frame, as signalstats measures it.</summary>
    private static double MeanLuma(string picture)
    {
        var output = ExternalTool.Run("ffmpeg", ["-v", "error", "-i", picture, "-frames:v", "1", "-vf", "signalstats,metadata=mode=print:key=lavfi.signalstats.YAVG:file=-", "-f", "null", "-"]);
        return double.Parse(YAverage().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The top rendition's frame at <paramref name="seconds"/>, decoded by ffmpeg on its own and scaled like the poster.</summary>
    private string FrameAt(HlsPackage package, double seconds)
    {
        var path = Path.Combine(_root, $"frame-{Guid.NewGuid():N}.png");
        ExternalTool.Run("ffmpeg", ["-v", "error", "-ss", seconds.ToString(CultureInfo.InvariantCulture), "-i", package.Renditions[0].PlaylistPath, "-frames:v", "1", path]);
        return path;
    }

    /// <summary>The mean absolute difference of two pictures' luma (0-255), measured by ffmpeg's blend filter and signalstats.</summary>
    private static double Difference(string a, string b)
    {
        var output = ExternalTool.Run("ffmpeg", ["-v", "error", "-i", a, "-i", b, "-filter_complex",
            "[0:v]format=gray,scale=320:180[a];[1:v]format=gray,scale=320:180[b];[a][b]blend=all_mode=difference,signalstats,metadata=mode=print:key=lavfi.signalstats.YAVG:file=-",
            "-frames:v", "1", "-f", "null", "-"]);
        return double.Parse(YAverage().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private sealed record Cue(TimeSpan Start, TimeSpan End, string Target, int X, int Y, int W, int H);

    [GeneratedRegex(@"^(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})$")]
    private static partial Regex Timing();

    [GeneratedRegex(@"^sheet_\d+\.jpg#xywh=(\d+),(\d+),(\d+),(\d+)$")]
    private static partial Regex Target();

    [GeneratedRegex(@"^sheet_(\d+)\.jpg")]
    private static partial Regex SheetNumber();

    [GeneratedRegex(@"lavfi\.signalstats\.YAVG=([\d.]+)")]
    private static partial Regex YAverage();
}

/// <summary>Clips whose pictures a poster can be told apart by, made once for the class.</summary>
public sealed class PosterClips : IDisposable
{
    public PosterClips()
    {
        Folder = Directory.CreateTempSubdirectory("hlsenc-poster-clips-").FullName;
        FadeIn = Path.Combine(Folder, "fade in.mp4");
        ExternalTool.Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-vf", "fade=in:st=3:d=1", "-ac", "2", "-c:a", "aac",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-t", "10", FadeIn]);
        OneSecondSilent = Path.Combine(Folder, "one second.mp4");
        ExternalTool.Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-t", "1", OneSecondSilent]);
    }

    public string Folder { get; }

    /// <summary>640x360, 10 s, stereo: black for 3 s, then testsrc2 fading in over 1 s.</summary>
    public string FadeIn { get; }

    /// <summary>320x180, 1 s, no audio stream.</summary>
    public string OneSecondSilent { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
