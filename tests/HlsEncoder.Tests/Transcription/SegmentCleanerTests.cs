using HlsEncoder.Transcription;

namespace HlsEncoder.Tests.Transcription;

/// <summary>Whisper's raw segments, as whisper.cpp really emits them with the tiny model, made into valid cues.</summary>
public sealed class SegmentCleanerTests
{
    private static readonly TimeSpan Ten = TimeSpan.FromSeconds(10);

    [Fact]
    public void Ends_past_the_audio_are_clamped_to_its_duration()
    {
        var cues = SegmentCleaner.Clean([Raw(7.2, 30, "the end of the window")], Ten);

        Assert.Equal([(7.2, 10.0, "the end of the window")], Times(cues));
    }

    [Fact]
    public void A_zero_length_segment_joins_the_cue_before_it()
    {
        var cues = SegmentCleaner.Clean([Raw(0.5, 2, "one", 0.9, 3), Raw(2, 2, "two", 0.3, 1), Raw(2, 4, "three")], Ten);

        Assert.Equal([(0.5, 2.0, "one two"), (2.0, 4.0, "three")], Times(cues));
        Assert.Equal(0.75, cues[0].Confidence, 3);
    }

    [Fact]
    public void A_leading_zero_length_segment_joins_the_next_cue_and_starts_it()
    {
        var cues = SegmentCleaner.Clean([Raw(0.36, 0.36, "w19694"), Raw(1, 3, "w1")], Ten);

        Assert.Equal([(0.36, 3.0, "w19694 w1")], Times(cues));
    }

    [Fact]
    public void A_lone_zero_length_segment_gets_a_second_within_the_media()
    {
        Assert.Equal([(0.36, 1.36, "w19694")], Times(SegmentCleaner.Clean([Raw(0.36, 0.36, "w19694")], Ten)));
        Assert.Equal([(9.0, 10.0, "late")], Times(SegmentCleaner.Clean([Raw(12, 12, "late")], Ten)));
        Assert.Equal([(0.2, 0.5, "short")], Times(SegmentCleaner.Clean([Raw(0.2, 0.2, "short")], TimeSpan.FromSeconds(0.5))));
        Assert.Empty(SegmentCleaner.Clean([Raw(0, 0, "nothing to show it in")], TimeSpan.Zero));
    }

    [Fact]
    public void Overlapping_and_backward_segments_are_made_to_follow_each_other()
    {
        var cues = SegmentCleaner.Clean([Raw(1, 5, "a"), Raw(4, 6, "b"), Raw(3, 7, "c"), Raw(6.5, 6.8, "d")], Ten);

        Assert.Equal([(1.0, 5.0, "a"), (5.0, 6.0, "b"), (6.0, 7.0, "c d")], Times(cues));
        AssertValidTimeline(cues, Ten);
    }

    [Fact]
    public void Segments_entirely_past_the_audio_join_the_last_cue()
    {
        var cues = SegmentCleaner.Clean([Raw(8, 9.5, "inside"), Raw(11, 14, "outside")], Ten);

        Assert.Equal([(8.0, 10.0, "inside outside")], Times(cues));
    }

    [Fact]
    public void Empty_text_blank_audio_markers_and_control_characters_go()
    {
        var cues = SegmentCleaner.Clean(
            [Raw(0, 1, "  "), Raw(1, 2, " [BLANK_AUDIO]"), Raw(2, 3, " Hello,\r\n  world\t!\u0007 "), Raw(3, 4, "\u200fمرحبا بكم\u200f")],
            Ten);

        Assert.Equal([(2.0, 3.0, "Hello, world !"), (3.0, 4.0, "\u200fمرحبا بكم\u200f")], Times(cues));
    }

    [Fact]
    public void Times_are_whole_milliseconds_and_never_overlap_after_rounding()
    {
        var cues = SegmentCleaner.Clean([Raw(0.00049, 1.0004, "a"), Raw(1.0006, 2.00051, "b")], Ten);

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1001), TimeSpan.FromMilliseconds(2001)],
            cues.SelectMany(c => new[] { c.Start, c.End }));
        AssertValidTimeline(cues, Ten);
    }

    [Fact]
    public void Confidence_stays_between_zero_and_one()
    {
        var cues = SegmentCleaner.Clean([Raw(0, 1, "a", 1.7), Raw(1, 2, "b", -0.2)], Ten);

        Assert.Equal([1.0, 0.0], cues.Select(c => c.Confidence));
    }

    /// <summary>What every consumer of a transcript relies on.</summary>
    internal static void AssertValidTimeline(IReadOnlyList<TranscriptSegment> cues, TimeSpan duration)
    {
        var previousEnd = TimeSpan.Zero;
        foreach (var cue in cues)
        {
            Assert.True(cue.Start >= previousEnd, $"{cue} starts before the previous cue ends ({previousEnd}).");
            Assert.True(cue.End > cue.Start, $"{cue} has no length.");
            Assert.True(cue.End <= duration, $"{cue} ends past the media ({duration}).");
            Assert.Equal(0, cue.Start.Ticks % TimeSpan.TicksPerMillisecond);
            Assert.Equal(0, cue.End.Ticks % TimeSpan.TicksPerMillisecond);
            Assert.False(string.IsNullOrWhiteSpace(cue.Text));
            previousEnd = cue.End;
        }
    }

    private static RecognizedSegment Raw(double start, double end, string text, double confidence = 0.5, int tokens = 1) =>
        new(TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), text, confidence, tokens);

    private static (double, double, string)[] Times(IEnumerable<TranscriptSegment> cues) =>
        cues.Select(c => (c.Start.TotalSeconds, c.End.TotalSeconds, c.Text)).ToArray();
}
