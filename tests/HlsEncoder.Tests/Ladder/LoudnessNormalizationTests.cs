using System.Text.Json.Nodes;
using HlsEncoder.Ladder;
using HlsEncoder.Packaging;
using HlsEncoder.Tests.Infrastructure;
using Xunit.Abstractions;

namespace HlsEncoder.Tests.Ladder;

/// <summary>
/// Loudness normalization against the real ffmpeg: sources made too quiet and too loud come out at -16 LUFS with
/// true peaks below -1 dBTP in every rendition, measured on the HLS playlists with ffmpeg's ebur128.
/// </summary>
public sealed class LoudnessNormalizationTests : IClassFixture<LoudnessClips>, IDisposable
{
    // 360p carries 96 kb/s AAC and 240p 64 kb/s: the thinnest audio of any ladder, where AAC overshoots most.
    private static readonly string[] Ladder = ["360p", "240p"];
    private readonly LoudnessClips _clips;
    private readonly string _root = Directory.CreateTempSubdirectory("hlsenc-loudnorm-").FullName;
    private readonly RecordingLog _log = new();

    private readonly ITestOutputHelper _output;

    public LoudnessNormalizationTests(LoudnessClips clips, ITestOutputHelper output) => (_clips, _output) = (clips, output);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // The quiet clip through both rungs (the limiter's ceiling then suits 64 kb/s); the loud one through 360p alone (96 kb/s, a higher ceiling).
    public static TheoryData<string, double, string[]> Sources => new() { { "quiet", -10, Ladder }, { "loud", +6, ["360p"] } };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Speech_too_quiet_or_too_loud_is_published_at_the_target_with_true_peaks_below_the_limit(string clip, double offset, string[] ladder)
    {
        var source = clip == "quiet" ? _clips.Quiet : _clips.Loud;
        var measured = LoudnessClips.Measure(source);
        Assert.InRange(measured.Integrated, LoudnessClips.Target + offset - 1, LoudnessClips.Target + offset + 1);
        var progress = new List<MediaProgress>();

        var package = await new HlsLadderEncoder(_log).EncodeAsync(Request(source, clip) with { Qualities = ladder }, new Recorder(progress), CancellationToken.None);
        Assert.Equal(ladder, package.Qualities);

        foreach (var rendition in package.Renditions)
        {
            var output = LoudnessClips.Measure(rendition.PlaylistPath);
            _output.WriteLine($"{clip} {rendition.Name}: source {measured.Integrated} LUFS / {measured.TruePeak} dBTP -> {output.Integrated} LUFS / {output.TruePeak} dBTP ({package.Loudness})");
            Assert.True(Math.Abs(output.Integrated - LoudnessClips.Target) <= 1, $"{rendition.Name} of the {clip} source: {output.Integrated} LUFS, not -16 ± 1 (source {measured.Integrated} LUFS)");
            Assert.True(output.TruePeak <= -0.8, $"{rendition.Name} of the {clip} source: true peak {output.TruePeak} dBTP, above -1 dBTP (source {measured.TruePeak} dBTP)");
        }

        var loudness = Assert.IsType<HlsLoudness>(package.Loudness);
        Assert.Equal(measured.Integrated, loudness.IntegratedLoudness, 0.5);
        Assert.Equal(measured.Range, loudness.LoudnessRange, 0.5);
        Assert.Equal(measured.TruePeak, loudness.TruePeak, 0.5);
        Assert.InRange(loudness.Threshold, loudness.IntegratedLoudness - 11, loudness.IntegratedLoudness - 9);
        Assert.Equal(-16.0, loudness.Target);
        var plainGain = LoudnessClips.Target - loudness.IntegratedLoudness;
        var ceiling = ladder.Contains("240p") ? -4 : -3;
        Assert.Equal(loudness.TruePeak + plainGain > ceiling, loudness.TruePeakCeiling is not null);
        Assert.Equal(loudness.TruePeakCeiling, loudness.TruePeakCeiling is null ? null : ceiling);
        // Limiting costs a little loudness, which a check after it gives back; never less than the plain gain.
        Assert.InRange(loudness.Gain, plainGain - 0.051, loudness.TruePeakCeiling is null ? plainGain + 0.051 : plainGain + 3);
        Assert.Equal(loudness.Gain > plainGain + 0.051, _log.Lines.Any(l => l.StartsWith("VERBOSE: Loudness: with its peaks limited the sound measures ", StringComparison.Ordinal)));
        Assert.InRange(_log.Lines.Count(l => l.StartsWith("VERBOSE: Loudness: with its peaks limited", StringComparison.Ordinal)), 0, LoudnessNormalization.MaximumChecks);

        Assert.Equal(loudness, HlsPackageReader.Read(package.OutputPath).Loudness);
        Assert.Equal(-16, JsonNode.Parse(File.ReadAllText(Path.Combine(package.OutputPath, PackageManifest.FileName)))!["settings"]!["loudnessTarget"]!.GetValue<double>());
        Assert.Single(_log.Lines, l => l.StartsWith("VERBOSE: Loudness: ", StringComparison.Ordinal) && l.Contains("normalizing to -16 LUFS (", StringComparison.Ordinal));

        Assert.Equal("measuring loudness", progress[0].Stage);
        Assert.Null(progress[^1].Stage);
        Assert.Equal(100, progress[^1].Percent);
        Assert.Equal(progress.Select(p => p.Percent).Order(), progress.Select(p => p.Percent));
    }

    [Fact]
    public async Task Near_silence_is_measured_but_never_raised_into_noise()
    {
        var source = LoudnessClips.Measure(_clips.NearSilent);

        var package = await new HlsLadderEncoder(_log).EncodeAsync(Request(_clips.NearSilent, "hiss"), null, CancellationToken.None);

        var loudness = Assert.IsType<HlsLoudness>(package.Loudness);
        Assert.Equal((null, 0.0, null), (loudness.Target, loudness.Gain, loudness.TruePeakCeiling));
        Assert.Equal(source.Integrated, loudness.IntegratedLoudness, 0.5);
        Assert.Equal(source.Integrated, LoudnessClips.Measure(package.Renditions[0].PlaylistPath).Integrated, 1.0);
        Assert.Contains(_log.Lines, l => l.StartsWith("VERBOSE: Loudness: ", StringComparison.Ordinal) && l.Contains("not normalizing: the sound is silent or nearly so", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_source_without_sound_skips_the_measurement()
    {
        var package = await new HlsLadderEncoder(_log).EncodeAsync(Request(_clips.NoSound, "nosound"), null, CancellationToken.None);

        Assert.Null(package.Loudness);
        Assert.Contains(_log.Lines, l => l == $"VERBOSE: Loudness: {_clips.NoSound} has no sound; nothing to measure or normalize.");
        Assert.DoesNotContain(_log.Lines, l => l.Contains("ebur128", StringComparison.Ordinal));
        Assert.Null(HlsPackageReader.Read(package.OutputPath).Loudness);
    }

    [Fact]
    public async Task Without_normalization_the_sound_keeps_its_level_and_switching_it_encodes_again()
    {
        var source = LoudnessClips.Measure(_clips.Quiet);
        var folder = Path.Combine(_root, "switched");

        var plain = await new HlsLadderEncoder(_log).EncodeAsync(Request(_clips.Quiet, "switched") with { NormalizeLoudness = false }, null, CancellationToken.None);
        var plainLevel = LoudnessClips.Measure(plain.Renditions[0].PlaylistPath).Integrated;
        var refused = await Assert.ThrowsAsync<HlsEncoderException>(() => new HlsLadderEncoder(_log).EncodeAsync(Request(_clips.Quiet, "switched"), null, CancellationToken.None));
        var normalized = await new HlsLadderEncoder(_log).EncodeAsync(Request(_clips.Quiet, "switched") with { ReplaceStale = true }, null, CancellationToken.None);
        var normalizedLevel = LoudnessClips.Measure(normalized.Renditions[0].PlaylistPath).Integrated;
        var plainAgain = await new HlsLadderEncoder(_log).EncodeAsync(Request(_clips.Quiet, "switched") with { NormalizeLoudness = false, ReplaceStale = true }, null, CancellationToken.None);

        Assert.Null(plain.Loudness);
        Assert.Equal(source.Integrated, plainLevel, 0.5);
        Assert.DoesNotContain("loudnessTarget", File.ReadAllText(Path.Combine(folder, PackageManifest.FileName)), StringComparison.Ordinal);
        Assert.Contains("-NoLoudnessNormalization", string.Join('\n', _log.Lines), StringComparison.Ordinal);
        Assert.Equal("PackageExists", refused.ErrorId);
        Assert.Contains("loudness not normalized, not ", refused.Message, StringComparison.Ordinal);
        Assert.Equal(LoudnessClips.Target, normalizedLevel, 1.0);
        Assert.NotNull(normalized.Loudness);
        Assert.Null(plainAgain.Loudness);
        Assert.Equal(2, _log.Lines.Count(l => l.StartsWith($"VERBOSE: Replacing the package in {folder}: it was encoded with other settings", StringComparison.Ordinal)));
    }

    private EncodeRequest Request(string source, string name) => new()
    {
        SourcePath = source,
        OutputPath = Path.Combine(_root, name),
        Qualities = Ladder,
        SegmentDuration = TimeSpan.FromSeconds(4),
    };

    private sealed class Recorder(List<MediaProgress> reports) : IProgress<MediaProgress>
    {
        public void Report(MediaProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }

}
