using HlsEncoder.Transcription;

namespace HlsEncoder.Tests.Transcription;

/// <summary>
/// The caption layout, on hand-made word sequences: the rules a viewer can see (two lines of 42, 1 to 7 s,
/// 20 characters a second, breaks at punctuation, nothing shown through a pause) and the ones every
/// subtitle parser relies on (whole milliseconds, in order, within the media, never overlapping).
/// </summary>
public sealed class CaptionSegmenterTests
{
    private const string Lecture =
        "Welcome to the first lecture of this course on video streaming. Today we look at how a long video is cut " +
        "into short segments of a few seconds, and why that matters for the viewer. Each segment is encoded at " +
        "several bit rates and resolutions, from a small picture for a phone on a train to a sharp one for a large " +
        "screen at home. The player measures the network while it plays, and it picks the best rendition it can " +
        "fetch in time: when the network slows down, it switches to a smaller one without stopping.";

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void A_long_lecture_becomes_cues_of_at_most_two_lines_of_42_characters_lasting_1_to_7_seconds()
    {
        var words = Speak(Lecture, start: 0.5, charactersPerSecond: 15);

        var cues = CaptionSegmenter.Build(words, Minute);

        AssertReadable(cues, Minute);
        Assert.Contains(cues, c => c.Lines.Count == 2);
        Assert.All(cues, c => Assert.InRange(c.Duration, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(7)));
        Assert.All(cues, c => Assert.InRange(c.Text.Length / c.Duration.TotalSeconds, 0, 20.001));
        Assert.Equal(Lecture, string.Join(' ', cues.Select(c => c.Text)));
        Assert.Equal(words.Select(w => w.Text), cues.SelectMany(c => c.Words).Select(w => w.Text));
    }

    [Fact]
    public void Two_lines_break_after_punctuation_rather_than_in_the_middle()
    {
        var cues = CaptionSegmenter.Build(Speak("Each segment is short, and the player switches between them.", 1, 15), Minute);

        var cue = Assert.Single(cues);
        Assert.Equal(["Each segment is short,", "and the player switches between them."], cue.Lines);
        Assert.Equal("Each segment is short, and the player switches between them.", cue.Text);
    }

    [Fact]
    public void Text_that_fits_one_line_stays_on_one()
    {
        var cue = Assert.Single(CaptionSegmenter.Build(Speak("The player measures the network.", 1, 15), Minute));

        Assert.Equal(["The player measures the network."], cue.Lines);
    }

    [Fact]
    public void Text_too_long_for_one_cue_is_cut_at_the_end_of_a_sentence()
    {
        var cues = CaptionSegmenter.Build(Speak("The player measures the network every few seconds. It then picks the best rendition it can play.", 1, 15), Minute);

        Assert.Equal(["The player measures the network every few seconds.", "It then picks the best rendition it can play."], cues.Select(c => c.Text));
        AssertReadable(cues, Minute);
    }

    [Fact]
    public void Without_punctuation_a_cut_leaves_no_scrap_of_a_cue()
    {
        var text = string.Join(' ', Enumerable.Repeat("segments and renditions", 6));
        var cues = CaptionSegmenter.Build(Speak(text, 1, 15), Minute);

        Assert.Equal(2, cues.Count);
        Assert.All(cues, c => Assert.InRange(c.Text.Length, 40, 100));
        AssertReadable(cues, Minute);
    }

    [Fact]
    public void A_pause_of_a_second_ends_a_cue_which_stays_at_most_half_a_second_into_it()
    {
        TimedWord[] words = [W("Hello", 1.0, 1.3), W("there.", 1.3, 1.8), W("General", 3.0, 3.4), W("remarks", 3.45, 3.9), W("follow.", 3.95, 4.4)];

        var cues = CaptionSegmenter.Build(words, Minute);

        Assert.Equal(["Hello there.", "General remarks follow."], cues.Select(c => c.Text));
        Assert.Equal(TimeSpan.FromSeconds(2), cues[0].End);
        Assert.True(cues[1].Start >= TimeSpan.FromSeconds(2.5), $"{cues[1]} starts more than half a second before its first word.");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void In_speech_with_pauses_no_cue_spans_a_pause_of_a_second_and_reading_stays_at_20_characters_a_second(int seed)
    {
        // The lecture at a natural 14 characters a second, with pauses of 0.1 to 3 s after some words.
        var random = new Random(seed);
        var words = new List<TimedWord>();
        var time = 0.3;
        foreach (var text in Lecture.Split(' '))
        {
            var end = Math.Round(time + ((text.Length + 1) / 14.0), 3);
            words.Add(W(text, time, end));
            time = end + (random.Next(6) == 0 ? Math.Round(0.1 + (random.NextDouble() * 2.9), 3) : 0);
        }

        var media = words[^1].End + TimeSpan.FromSeconds(2);

        var cues = CaptionSegmenter.Build(words, media);

        AssertReadable(cues, media);
        Assert.Equal(words.Select(w => w.Text), cues.SelectMany(c => c.Words).Select(w => w.Text));
        Assert.All(cues, c => Assert.InRange(c.Duration, CaptionRules.MinDuration, CaptionRules.MaxDuration));
        Assert.All(cues, c => Assert.True(c.Text.Length / c.Duration.TotalSeconds <= 20.001, $"{c} is read at over 20 characters a second."));
        foreach (var (before, after) in words.Zip(words.Skip(1)).Where(p => p.Second.Start - p.First.End >= CaptionRules.PauseBreak))
        {
            // The words either side of the pause are in different cues, and neither cue reaches into its middle.
            var first = cues.Single(c => c.Words.Any(w => Same(w, before)));
            var second = cues.Single(c => c.Words.Any(w => Same(w, after)));
            Assert.NotSame(first, second);
            Assert.True(first.End <= before.End + CaptionRules.MaxLinger, $"{first} stays over half a second into the pause after '{before.Text}'.");
            Assert.True(second.Start >= after.Start - CaptionRules.MaxLinger, $"{second} shows over half a second before '{after.Text}'.");
        }
    }

    [Fact]
    public void A_short_pause_keeps_the_words_in_one_cue()
    {
        var cue = Assert.Single(CaptionSegmenter.Build([W("Hello", 1.0, 1.3), W("there.", 1.7, 2.2)], Minute));

        Assert.Equal("Hello there.", cue.Text);
    }

    [Fact]
    public void Words_heard_either_side_of_a_skipped_silence_never_share_a_cue()
    {
        var cues = CaptionSegmenter.Build([W("before", 1.0, 1.4, span: 0), W("after", 1.5, 1.9, span: 1)], Minute);

        Assert.Equal(["before", "after"], cues.Select(c => c.Text));
        AssertReadable(cues, Minute);
    }

    [Fact]
    public void A_word_longer_than_a_line_is_cut_into_pieces_that_fit_and_listed_once()
    {
        const string Url = "https://example.org/courses/streaming/lecture-0001";
        Assert.Equal(50, Url.Length);

        var cues = CaptionSegmenter.Build([W("See", 1, 1.3), W(Url, 1.3, 4.3), W("later.", 4.3, 4.8)], Minute);

        AssertReadable(cues, Minute);
        Assert.Equal($"See{Url}later.", string.Concat(cues.SelectMany(c => c.Lines)).Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Equal(["See", Url, "later."], cues.SelectMany(c => c.Words).Select(w => w.Text));
    }

    [Fact]
    public void A_word_longer_than_two_lines_runs_over_cues_and_no_line_is_longer_than_42()
    {
        var word = new string('x', 100);

        var cues = CaptionSegmenter.Build([W(word, 1, 5)], Minute);

        AssertReadable(cues, Minute);
        Assert.Equal(word, string.Concat(cues.Select(c => c.Text)));
        Assert.Single(cues.SelectMany(c => c.Words));
    }

    [Fact]
    public void Fast_speech_gets_up_to_half_a_second_more_when_a_pause_follows()
    {
        // 56 characters in 2 s: 28 a second, too fast to read in the time it is spoken.
        var words = Speak("Adaptive streaming switches renditions while it plays on.", 1, 28);

        var cue = Assert.Single(CaptionSegmenter.Build(words, Minute));

        Assert.Equal(words[^1].End + TimeSpan.FromMilliseconds(500), cue.End);
        Assert.Equal(words[0].Start, cue.Start);
    }

    [Fact]
    public void Fast_speech_without_pauses_keeps_every_word_and_never_overlaps()
    {
        var text = string.Join(' ', Enumerable.Repeat("Segments switch renditions quickly.", 8));
        var words = Speak(text, 0.2, 30);

        var cues = CaptionSegmenter.Build(words, Minute);

        AssertReadable(cues, Minute);
        Assert.Equal(text, string.Join(' ', cues.Select(c => c.Text)));
        Assert.True(cues[^1].End <= words[^1].End + TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void A_lone_short_word_is_shown_for_a_second_around_it()
    {
        var cue = Assert.Single(CaptionSegmenter.Build([W("Yes.", 5.0, 5.2)], Minute));

        Assert.Equal((TimeSpan.FromSeconds(4.7), TimeSpan.FromSeconds(5.7)), (cue.Start, cue.End));
    }

    [Fact]
    public void A_word_whisper_stretched_over_seconds_is_shown_for_seven_up_to_its_end()
    {
        var cue = Assert.Single(CaptionSegmenter.Build([W("w43541", 0.36, 8.63)], TimeSpan.FromSeconds(10)));

        Assert.Equal((TimeSpan.FromMilliseconds(1630), TimeSpan.FromMilliseconds(8630)), (cue.Start, cue.End));
    }

    [Fact]
    public void Slow_speech_is_cut_into_cues_of_at_most_seven_seconds()
    {
        var words = Enumerable.Range(0, 20).Select(i => W($"word{i}", i * 0.9, (i * 0.9) + 0.4)).ToArray();

        var cues = CaptionSegmenter.Build(words, Minute);

        Assert.True(cues.Count >= 3, $"{cues.Count} cues");
        AssertReadable(cues, Minute);
        Assert.Equal(20, cues.Sum(c => c.Words.Count));
    }

    [Fact]
    public void Ends_past_the_audio_are_clamped_to_its_duration()
    {
        var cue = Assert.Single(CaptionSegmenter.Build([W("the", 7.2, 7.5), W("end", 7.6, 30)], TimeSpan.FromSeconds(10)));

        Assert.Equal((TimeSpan.FromSeconds(7.2), TimeSpan.FromSeconds(10)), (cue.Start, cue.End));
    }

    [Fact]
    public void Words_that_overlap_or_go_back_in_time_still_give_ordered_cues()
    {
        TimedWord[] words = [W("a", 1, 5), W("b", 4, 6), W("c", 3, 7), W("d", 6.5, 6.8), W("e", 6.6, 6.6)];

        AssertReadable(CaptionSegmenter.Build(words, TimeSpan.FromSeconds(10)), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Many_words_in_one_instant_at_the_very_end_still_fit_within_the_media()
    {
        var words = Enumerable.Range(0, 40).Select(i => W($"word{i}", 2, 2)).ToArray();

        var cues = CaptionSegmenter.Build(words, TimeSpan.FromSeconds(2));

        Assert.True(cues.Count > 1);
        AssertReadable(cues, TimeSpan.FromSeconds(2));
        Assert.Equal(40, cues.Sum(c => c.Words.Count));
    }

    [Fact]
    public void Empty_text_blank_audio_markers_and_control_characters_go()
    {
        var cues = CaptionSegmenter.Build([W("  ", 0, 1), W(" [BLANK_AUDIO]", 1, 2), W(" Hello,\r\n", 2, 2.5), W("world\t!\u0007 ", 2.5, 3), W("\u200fمرحبا\u200f", 3, 4)], Minute);

        Assert.Equal("Hello, world ! \u200fمرحبا\u200f", Assert.Single(cues).Text);
    }

    [Fact]
    public void Nothing_to_show_in_no_time_gives_no_cue()
    {
        Assert.Empty(CaptionSegmenter.Build([W("nothing", 0, 0)], TimeSpan.Zero));
        Assert.Empty(CaptionSegmenter.Build([], Minute));
    }

    [Fact]
    public void Times_are_whole_milliseconds()
    {
        var cues = CaptionSegmenter.Build([W("a", 0.00049, 1.0004), W("b", 2.5006, 3.50051)], TimeSpan.FromSeconds(10));

        AssertReadable(cues, TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(2501), cues[1].Start);
    }

    [Fact]
    public void Confidence_is_the_mean_of_the_words_and_stays_between_zero_and_one()
    {
        var cues = CaptionSegmenter.Build([W("a", 0, 1, 1.7), W("b", 1, 2, -0.2), W("c", 5, 6, 0.4), W("d", 6, 7, 0.6)], TimeSpan.FromSeconds(10));

        Assert.Equal([0.5, 0.5], cues.Select(c => c.Confidence));
        Assert.All(cues.SelectMany(c => c.Words), w => Assert.InRange(w.Probability, 0, 1));
    }

    /// <summary>The rules of <see cref="CaptionRules"/> that always hold, and what every subtitle parser relies on.</summary>
    internal static void AssertReadable(IReadOnlyList<TranscriptSegment> cues, TimeSpan duration)
    {
        var previousEnd = TimeSpan.Zero;
        foreach (var cue in cues)
        {
            Assert.True(cue.Start >= previousEnd, $"{cue} starts before the previous cue ends ({previousEnd}).");
            Assert.True(cue.End > cue.Start, $"{cue} has no length.");
            Assert.True(cue.End <= duration, $"{cue} ends past the media ({duration}).");
            Assert.True(cue.Duration <= TimeSpan.FromSeconds(7), $"{cue} lasts over 7 s.");
            Assert.InRange(cue.Lines.Count, 1, 2);
            Assert.All(cue.Lines, l => Assert.True(l.Length is > 0 and <= 42, $"'{l}' has {l.Length} characters."));
            Assert.Equal(0, cue.Start.Ticks % TimeSpan.TicksPerMillisecond);
            Assert.Equal(0, cue.End.Ticks % TimeSpan.TicksPerMillisecond);
            Assert.InRange(cue.Confidence, 0, 1);
            previousEnd = cue.End;
        }
    }

    private static bool Same(TranscriptWord word, TimedWord timed) =>
        word.Text == timed.Text && Math.Abs((word.Start - timed.Start).TotalMilliseconds) < 1;

    private static TimedWord W(string text, double start, double end, double probability = 0.9, int span = 0) =>
        new(text, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), probability, span);

    /// <summary>The text's words spoken one after another, each taking its share of time by length, with no pauses.</summary>
    private static TimedWord[] Speak(string text, double start, double charactersPerSecond)
    {
        var words = new List<TimedWord>();
        var time = start;
        foreach (var word in text.Split(' '))
        {
            var end = Math.Round(time + ((word.Length + 1) / charactersPerSecond), 3);
            words.Add(W(word, time, end));
            time = end;
        }

        return [.. words];
    }
}
