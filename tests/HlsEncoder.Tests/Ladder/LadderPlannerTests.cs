using HlsEncoder.Ladder;

namespace HlsEncoder.Tests.Ladder;

public sealed class LadderPlannerTests
{
    private static readonly IReadOnlyList<QualityLevel> DefaultLadder = QualityLevel.Resolve(QualityLevel.DefaultNames);

    [Fact]
    public void A_1080p_source_gets_the_default_ladder_highest_first()
    {
        var plan = Plan(Source(1920, 1080));

        Assert.Equal(["1080p 1920x1080", "720p 1280x720", "480p 854x480"], Sizes(plan));
        Assert.Empty(plan.Dropped);
    }

    [Fact]
    public void Rungs_above_the_source_are_dropped_and_never_upscaled()
    {
        var plan = Plan(Source(1280, 720));

        Assert.Equal(["720p 1280x720", "480p 854x480"], Sizes(plan));
        Assert.Contains(plan.Dropped, d => d.StartsWith("1080p dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_source_smaller_than_every_rung_gets_one_rung_at_its_own_size()
    {
        var plan = Plan(Source(640, 360));

        var rung = Assert.Single(plan.Renditions);
        Assert.Equal(("360p", 640, 360), (rung.Name, rung.Width, rung.Height));
        Assert.Equal(800, rung.MaxVideoBitrateKbps);
    }

    [Fact]
    public void An_odd_sized_source_gets_even_sizes_that_never_exceed_it()
    {
        var plan = Plan(Source(853, 479), QualityLevel.Resolve(["480p", "360p"]));

        Assert.Equal(["360p 642x360"], Sizes(plan));

        var fallback = Plan(Source(301, 171));
        Assert.Equal(["170p 300x170"], Sizes(fallback));
        Assert.All(plan.Renditions.Concat(fallback.Renditions), r => Assert.True(r.Width % 2 == 0 && r.Height % 2 == 0));
    }

    [Fact]
    public void A_width_rounded_up_past_the_source_is_clamped_to_it()
    {
        var plan = Plan(Source(853, 480), QualityLevel.Resolve(["480p"]));

        Assert.Equal(["480p 852x480"], Sizes(plan));
    }

    [Fact]
    public void A_4_by_3_source_keeps_its_aspect_ratio()
    {
        var plan = Plan(Source(1440, 1080));

        Assert.Equal(["1080p 1440x1080", "720p 960x720", "480p 640x480"], Sizes(plan));
    }

    [Fact]
    public void A_portrait_source_names_rungs_by_their_short_side()
    {
        var plan = Plan(Source(1080, 1920));

        Assert.Equal(["1080p 1080x1920", "720p 720x1280", "480p 480x854"], Sizes(plan));
    }

    [Fact]
    public void A_rotated_source_is_planned_as_it_is_displayed()
    {
        var plan = Plan(Source(1280, 720) with { Rotation = 90 });

        Assert.Equal(["720p 720x1280", "480p 480x854"], Sizes(plan));
        Assert.Equal(["720p 1280x720", "480p 854x480"], Sizes(Plan(Source(1280, 720) with { Rotation = -180 })));
    }

    [Fact]
    public void Non_square_pixels_become_square_at_the_display_aspect_ratio()
    {
        // A PAL 4:3 frame: 720x576 coded, pixels 16:15 wide, shown 768x576.
        var plan = Plan(Source(720, 576) with { SampleAspectRatio = (16, 15) }, QualityLevel.Resolve(["480p", "360p"]));

        Assert.Equal(["480p 640x480", "360p 480x360"], Sizes(plan));
    }

    [Fact]
    public void A_tiny_source_is_refused()
    {
        var error = Assert.Throws<HlsEncoderException>(() => Plan(Source(12, 12)));

        Assert.Equal("SourceTooSmall", error.ErrorId);
    }

    [Fact]
    public void Every_rung_gets_its_rate_control_level_and_audio()
    {
        var plan = Plan(Source(1920, 1080) with { HasAudio = true, AudioChannels = 2 });

        Assert.Equal([(6000, 12000, "4", 128), (3000, 6000, "3.1", 128), (1500, 3000, "3.1", 96)],
            plan.Renditions.Select(r => (r.MaxVideoBitrateKbps, r.BufferSizeKbits, r.Level, r.AudioBitrateKbps)));
        Assert.Equal(2, plan.AudioChannels);
    }

    [Fact]
    public void A_mono_source_keeps_one_channel_at_half_the_bit_rate()
    {
        var plan = Plan(Source(1920, 1080) with { HasAudio = true, AudioChannels = 1 });

        Assert.Equal(1, plan.AudioChannels);
        Assert.Equal([64, 64, 48], plan.Renditions.Select(r => r.AudioBitrateKbps));
    }

    [Fact]
    public void A_source_without_audio_plans_video_only_rungs()
    {
        var plan = Plan(Source(1280, 720) with { HasAudio = false });

        Assert.False(plan.HasAudio);
        Assert.All(plan.Renditions, r => Assert.Equal(0, r.AudioBitrateKbps));
    }

    [Theory]
    [InlineData(6, 2, 60)]
    [InlineData(4, 2, 60)]
    [InlineData(5, 1, 30)]
    public void Keyframes_are_forced_on_an_interval_that_divides_the_segment_duration(int segmentSeconds, int intervalSeconds, int gopFrames)
    {
        var plan = LadderPlanner.Plan(Source(1280, 720), DefaultLadder, TimeSpan.FromSeconds(segmentSeconds), "veryfast");

        Assert.Equal(intervalSeconds, plan.KeyframeIntervalSeconds);
        Assert.Equal(gopFrames, plan.GopFrames);
    }

    [Fact]
    public void The_gop_counts_frames_at_the_output_rate()
    {
        var ntsc = Plan(Source(1280, 720) with { AverageFrameRate = new(30000, 1001), RealFrameRate = new(30000, 1001) });
        var pal = Plan(Source(1280, 720) with { AverageFrameRate = new(25, 1), RealFrameRate = new(25, 1) });

        Assert.Equal(60, ntsc.GopFrames);
        Assert.Equal(50, pal.GopFrames);
    }

    internal static SourceMedia Source(int width, int height) => new()
    {
        Path = "/videos/source.mp4",
        Duration = TimeSpan.FromSeconds(10),
        CodedWidth = width,
        CodedHeight = height,
        AverageFrameRate = new FrameRate(30, 1),
        RealFrameRate = new FrameRate(30, 1),
        VideoCodec = "h264",
        HasAudio = true,
        AudioChannels = 2,
        VideoStreamIndex = 0,
        AudioStreamIndex = 1,
    };

    private static LadderPlan Plan(SourceMedia source, IReadOnlyList<QualityLevel>? qualities = null) =>
        LadderPlanner.Plan(source, qualities ?? DefaultLadder, TimeSpan.FromSeconds(6), "veryfast");

    private static string[] Sizes(LadderPlan plan) => plan.Renditions.Select(r => $"{r.Name} {r.Width}x{r.Height}").ToArray();
}
