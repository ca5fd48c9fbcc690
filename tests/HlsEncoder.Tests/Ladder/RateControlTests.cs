using HlsEncoder.Ladder;

namespace HlsEncoder.Tests.Ladder;

public sealed class RateControlTests
{
    [Theory]
    [InlineData(1920, 1080, 30.0, 6000, 12000, "4")]
    [InlineData(1920, 1080, 60.0, 6000, 12000, "4.2")]
    [InlineData(1280, 720, 30.0, 3000, 6000, "3.1")]
    [InlineData(1280, 720, 60.0, 3000, 6000, "3.2")]
    [InlineData(720, 480, 30.0, 1500, 3000, "3")]
    [InlineData(854, 480, 30.0, 1500, 3000, "3.1")]
    [InlineData(426, 240, 30.0, 400, 800, "2.1")]
    [InlineData(3840, 2160, 30.0, 16000, 32000, "5.1")]
    [InlineData(2560, 1440, 30.0, 10000, 20000, "5")]
    [InlineData(1920, 1080, 30.0, 30000, 60000, "4.1")]
    public void The_level_is_the_smallest_that_holds_size_rate_and_vbv(int width, int height, double fps, int maxRate, int buffer, string expected) =>
        Assert.Equal(expected, H264Level.Select(width, height, fps, maxRate, buffer));

    [Fact]
    public void A_sliver_needs_a_level_whose_sides_are_long_enough()
    {
        // 2048x16 is only 128 macroblocks, but 128 wide exceeds level 1.1's sqrt(8 * 396) = 56 macroblocks.
        Assert.Equal("3.1", H264Level.Select(2048, 16, 30, 400, 800));
    }

    [Theory]
    [InlineData("30/1", "30/1", "30")]
    [InlineData("30000/1001", "30000/1001", "30000/1001")]
    [InlineData("25/1", "25/1", "25")]
    [InlineData("1200/59", "30/1", "30")]
    [InlineData("20/1", "90000/1", "20")]
    [InlineData("120/1", "120/1", "60")]
    [InlineData("100/1", "100/1", "50")]
    [InlineData("2997/100", "2997/100", "30000/1001")]
    [InlineData("25/2", "25/2", "25/2")]
    [InlineData("0/0", "0/0", "30")]
    public void Variable_and_odd_rates_become_a_constant_standard_rate(string average, string real, string expected) =>
        Assert.Equal(expected, FrameRatePolicy.Choose(FrameRate.Parse(average), FrameRate.Parse(real)).ToString());

    [Fact]
    public void Qualities_are_validated_deduplicated_and_ordered_highest_first()
    {
        Assert.Equal(["1080p", "480p", "240p"], QualityLevel.Resolve(["480p", "240P", "1080p", "480p"]).Select(q => q.Name));

        var error = Assert.Throws<HlsEncoderException>(() => QualityLevel.Resolve(["720p", "4k"]));
        Assert.Equal("InvalidQuality", error.ErrorId);
        Assert.Contains("2160p, 1440p, 1080p, 720p, 480p, 360p, 240p", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ceilings_follow_apples_table_and_fall_with_the_rung()
    {
        Assert.Equal([16000, 10000, 6000, 3000, 1500, 800, 400], QualityLevel.All.Select(q => q.MaxVideoBitrateKbps));
        Assert.All(QualityLevel.All, q => Assert.Equal(q.MaxVideoBitrateKbps * 2, q.BufferSizeKbits));
    }

    [Theory]
    [InlineData("veryfast", null)]
    [InlineData("Medium", null)]
    [InlineData("ultrafast", "Constrained Baseline")]
    [InlineData("placebo", "not an x264 preset")]
    public void Presets_exclude_those_that_cannot_give_high_profile(string preset, string? problem)
    {
        var check = X264Preset.Check(preset);
        if (problem is null)
        {
            Assert.Null(check);
        }
        else
        {
            Assert.Contains(problem, check, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(6, true)]
    [InlineData(1, true)]
    [InlineData(60, true)]
    [InlineData(0, false)]
    [InlineData(61, false)]
    public void Segment_durations_are_whole_seconds_from_1_to_60(int seconds, bool valid) =>
        Assert.Equal(valid, SegmentDurationRule.Check(TimeSpan.FromSeconds(seconds)) is null);

    [Fact]
    public void A_fractional_segment_duration_is_refused() =>
        Assert.NotNull(SegmentDurationRule.Check(TimeSpan.FromSeconds(2.5)));
}
