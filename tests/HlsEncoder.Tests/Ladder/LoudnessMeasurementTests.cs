using HlsEncoder.Ladder;
using HlsEncoder.Packaging;

namespace HlsEncoder.Tests.Ladder;

/// <summary>Reading ebur128's summary, deciding the gain, and how the decision reaches the ladder's command and settings.</summary>
public sealed class LoudnessMeasurementTests
{
    // Captured from ffmpeg 5.1 (Debian 12): ebur128=peak=true:framelog=verbose over espeak-ng speech 10 dB too quiet,
    // as LoudnessAnalyzer runs it (the input and output descriptions before it cut short).
    private const string Speech = """
        Stream mapping:
          Stream #0:1 -> #0:0 (aac (native) -> pcm_s16le (native))
        Output #0, null, to 'pipe:':
          Stream #0:0(und): Audio: pcm_s16le, 48000 Hz, stereo, s16, 1536 kb/s (default)
        size=N/A time=00:00:20.01 bitrate=N/A speed=63.9x    
        video:0kB audio:3752kB subtitle:0kB other streams:0kB global headers:0kB muxing overhead: unknown
        [Parsed_ebur128_1 @ 0x5637e182cd80] Summary:

          Integrated loudness:
            I:         -26.1 LUFS
            Threshold: -36.2 LUFS

          Loudness range:
            LRA:         1.2 LU
            Threshold: -46.2 LUFS
            LRA low:   -26.8 LUFS
            LRA high:  -25.5 LUFS

          True peak:
            Peak:      -10.7 dBFS
        """;

    // Captured from ffmpeg 5.1 over anullsrc: pure silence.
    private const string Silence = """
        [Parsed_ebur128_0 @ 0x56055cb7dac0] Summary:

          Integrated loudness:
            I:         -70.0 LUFS
            Threshold:   0.0 LUFS

          Loudness range:
            LRA:         0.0 LU
            Threshold:   0.0 LUFS
            LRA low:     0.0 LUFS
            LRA high:    0.0 LUFS

          True peak:
            Peak:       -inf dBFS
        """;

    [Fact]
    public void The_summary_gives_integrated_loudness_range_true_peak_and_threshold() =>
        Assert.Equal(new LoudnessMeasurement(-26.1, 1.2, -10.7, -36.2), LoudnessMeasurement.ParseSummary(Speech));

    [Fact]
    public void Silence_has_no_peak_at_all() =>
        Assert.Equal(new LoudnessMeasurement(-70, 0, double.NegativeInfinity, 0), LoudnessMeasurement.ParseSummary(Silence));

    [Fact]
    public void Output_cut_short_before_the_true_peak_is_no_measurement()
    {
        Assert.Null(LoudnessMeasurement.ParseSummary(Speech[..Speech.IndexOf("True peak:", StringComparison.Ordinal)]));
        Assert.Null(LoudnessMeasurement.ParseSummary("Stream mapping:\n  Stream #0:1 -> #0:0"));
    }

    [Fact]
    public void A_quiet_track_gets_the_gain_to_the_target_and_a_limiter_only_when_its_peaks_would_pass_the_ceiling()
    {
        var (low, lowReason) = LoudnessNormalization.Decide(new LoudnessMeasurement(-26.1, 1.2, -12.2, -36.2), -2);
        var (peaky, peakyReason) = LoudnessNormalization.Decide(new LoudnessMeasurement(-26.1, 1.2, -6.0, -36.2), -2);

        Assert.Equal(new HlsLoudness(-26.1, 1.2, -12.2, -36.2, -16, 10.1, null), low);
        Assert.Equal("Loudness: -26.1 LUFS, LRA 1.2 LU, true peak -12.2 dBTP; normalizing to -16 LUFS (+10.1 dB).", lowReason);
        Assert.Equal(new HlsLoudness(-26.1, 1.2, -6.0, -36.2, -16, 10.1, -2), peaky);
        Assert.EndsWith("normalizing to -16 LUFS (+10.1 dB), peaks limited to -2 dBTP (they would reach +4.1 dBTP).", peakyReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loud_track_is_turned_down()
    {
        var (loudness, reason) = LoudnessNormalization.Decide(new LoudnessMeasurement(-9.6, 3.0, 5.0, -19.9), -2);

        Assert.Equal((-6.4, (double?)-2), (loudness.Gain, loudness.TruePeakCeiling));
        Assert.Contains("(-6.4 dB), peaks limited to -2 dBTP", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-70.0)]
    [InlineData(-50.1)]
    [InlineData(double.NegativeInfinity)]
    public void Silence_and_a_noise_floor_are_left_alone(double integrated)
    {
        var (loudness, reason) = LoudnessNormalization.Decide(new LoudnessMeasurement(integrated, 0, double.NegativeInfinity, 0), -2);

        Assert.Equal((null, 0.0, null, false), (loudness.Target, loudness.Gain, loudness.TruePeakCeiling, loudness.Normalized));
        Assert.True(double.IsFinite(loudness.TruePeak) && double.IsFinite(loudness.IntegratedLoudness), "the manifest (JSON) cannot hold an infinity");
        Assert.Contains("not normalizing: the sound is silent or nearly so", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ceiling_is_lower_when_a_rung_has_thin_audio()
    {
        var source = LadderPlannerTests.Source(1920, 1080);
        Assert.Equal(-3, LoudnessNormalization.CeilingFor(Plan(source, QualityLevel.DefaultNames)));
        Assert.Equal(-4, LoudnessNormalization.CeilingFor(Plan(source, ["1080p", "240p"])));
        // A mono rung gets half the bit rate (at least 48 kb/s), which overshoots like thin stereo.
        Assert.Equal(-4, LoudnessNormalization.CeilingFor(Plan(source with { AudioChannels = 1 }, ["1080p"])));
    }

    [Fact]
    public void What_the_limiter_cost_is_given_back_and_a_small_miss_is_left_alone()
    {
        var planned = new HlsLoudness(-20.5, 3, -1, -31, -16, 4.5, -3);

        var (raised, reason) = LoudnessNormalization.Correct(planned, new LoudnessMeasurement(-17.2, 2.5, -3.1, -27.5));
        var (kept, none) = LoudnessNormalization.Correct(planned, new LoudnessMeasurement(-16.15, 2.5, -3.1, -26.5));

        Assert.Equal(planned with { Gain = 5.7 }, raised);
        Assert.Equal("Loudness: with its peaks limited the sound measures -17.2 LUFS; setting the gain to +5.7 dB to reach -16 LUFS.", reason);
        Assert.Equal((planned, (string?)null), (kept, none));
    }

    [Fact]
    public void A_normalized_ladder_filters_the_sound_once_and_gives_each_rung_its_own_copy()
    {
        var plan = Plan(LadderPlannerTests.Source(1920, 1080), QualityLevel.DefaultNames) with { Loudness = new HlsLoudness(-26.1, 1.2, -6, -36.2, -16, 10.1, -2) };

        var command = LadderCommand.Build(plan);
        var arguments = command.OutputArguments.ToList();

        var graph = arguments[arguments.IndexOf("-filter_complex") + 1];
        Assert.EndsWith(
            ";[0:1]aformat=channel_layouts=stereo,volume=10.1dB,aresample=192000,alimiter=limit=0.7943:attack=5:release=50:level=false:latency=true,aresample=48000,asplit=3[a0][a1][a2]",
            graph, StringComparison.Ordinal);
        Assert.Equal(["[v0]", "[a0]", "[v1]", "[a1]", "[v2]", "[a2]"], arguments.Select((a, i) => (a, i)).Where(p => p.a == "-map").Select(p => arguments[p.i + 1]));
    }

    [Fact]
    public void Without_a_limiter_or_without_normalization_the_sound_is_only_scaled_or_mapped_as_it_is()
    {
        var plan = Plan(LadderPlannerTests.Source(640, 360) with { AudioChannels = 1 }, ["360p"]);

        var gained = LadderCommand.Build(plan with { Loudness = new HlsLoudness(-20, 1, -12, -30, -16, 4, null) }).ToString();
        var silent = LadderCommand.Build(plan with { Loudness = new HlsLoudness(-70, 0, -70, 0, null, 0, null) }).ToString();

        Assert.Contains(";[0:1]aformat=channel_layouts=mono,volume=4.0dB[a0] ", gained, StringComparison.Ordinal);
        Assert.Contains(" -map [a0] ", gained, StringComparison.Ordinal);
        Assert.Equal(LadderCommand.Build(plan).ToString(), silent);
        Assert.DoesNotContain("volume", silent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_loudness_target_is_part_of_the_settings_and_older_manifests_count_as_not_normalized()
    {
        var qualities = QualityLevel.Resolve(["720p"]);
        var on = EncodeSettings.From(qualities, TimeSpan.FromSeconds(6), "veryfast", LoudnessNormalization.SettingFor(true));
        var off = EncodeSettings.From(qualities, TimeSpan.FromSeconds(6), "veryfast", LoudnessNormalization.SettingFor(false));
        var older = EncodeSettings.From(new ManifestSettings { Qualities = ["720p"], SegmentDurationSeconds = 6, Preset = "veryfast", Recipe = EncodeSettings.CurrentRecipe });

        Assert.False(on.Matches(off));
        Assert.True(off.Matches(older));
        Assert.True(on.Matches(EncodeSettings.From(on.ToManifest())));
        Assert.EndsWith("loudness -16 LUFS", on.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("loudness not normalized", off.ToString(), StringComparison.Ordinal);
    }

    private static LadderPlan Plan(SourceMedia source, IReadOnlyList<string> qualities) =>
        LadderPlanner.Plan(source, QualityLevel.Resolve(qualities), TimeSpan.FromSeconds(6), "veryfast");
}
