using HlsEncoder.Transcription;

namespace HlsEncoder.Tests.Transcription;

/// <summary>Words from Whisper's tokens, on hand-made token sequences as whisper.cpp gives them.</summary>
public sealed class WordAlignerTests
{
    [Fact]
    public void Tokens_without_a_leading_space_continue_the_word_and_punctuation_joins_it()
    {
        var words = WordAligner.Words(Segment(" Welcome to HLS,", 0, 1,
            T("[_BEG_]", 0, 0), T(" Wel", 0, 0.2, 0.8), T("come", 0.2, 0.4, 0.6), T(" to", 0.45, 0.55), T(" HLS", 0.6, 0.9), T(",", 0.9, 0.95), T("[_TT_50]", 1, 1)));

        Assert.Equal([("Welcome", 0.0, 0.4), ("to", 0.45, 0.55), ("HLS,", 0.6, 0.95)], words.Select(w => (w.Text, w.Start.TotalSeconds, w.End.TotalSeconds)));
        Assert.Equal(0.7, words[0].Probability, 6);
    }

    [Fact]
    public void Text_comes_from_the_segment_when_tokens_hold_halves_of_characters()
    {
        // Byte-level tokens split Devanagari characters; each token alone decodes to replacement characters.
        var words = WordAligner.Words(Segment(" नमस्ते दुनिया", 0, 2,
            T(" \uFFFD\uFFFD", 0.1, 0.4), T("\uFFFDस्ते", 0.4, 0.8), T(" दु\uFFFD", 1.0, 1.4), T("\uFFFDया", 1.4, 1.9)));

        Assert.Equal([("नमस्ते", 0.1, 0.8), ("दुनिया", 1.0, 1.9)], words.Select(w => (w.Text, w.Start.TotalSeconds, w.End.TotalSeconds)));
    }

    [Fact]
    public void When_tokens_and_text_disagree_the_segment_is_one_text_over_its_whole_time()
    {
        var words = WordAligner.Words(Segment(" नमस्ते दुनिया", 2, 4, T(" \uFFFD\uFFFD\uFFFD", 2.1, 3.9)));

        var word = Assert.Single(words);
        Assert.Equal(("नमस्ते दुनिया", 2.0, 4.0), (word.Text, word.Start.TotalSeconds, word.End.TotalSeconds));
    }

    [Fact]
    public void Tokens_without_times_leave_the_segment_one_text_over_its_whole_time()
    {
        var word = Assert.Single(WordAligner.Words(Segment(" Two words", 1, 3, T(" Two", -1, -1), T(" words", -1, -1))));

        Assert.Equal(("Two words", 1.0, 3.0), (word.Text, word.Start.TotalSeconds, word.End.TotalSeconds));
    }

    [Fact]
    public void Tokens_that_disagree_with_readable_text_keep_their_own_words()
    {
        var words = WordAligner.Words(Segment(" Hello world", 0, 2, T(" Hel", 0, 0.3), T("lo", 0.3, 0.5), T(" wor", 0.7, 1.0), T(" ld", 1.0, 1.2)));

        Assert.Equal(["Hello", "wor", "ld"], words.Select(w => w.Text));
    }

    [Fact]
    public void A_blank_audio_marker_or_empty_text_is_no_words()
    {
        Assert.Empty(WordAligner.Words(Segment(" [BLANK_AUDIO]", 0, 30, T(" [", 0, 1), T("BL", 1, 2), T("ANK", 2, 3), T("_AUDIO", 3, 4), T("]", 4, 5))));
        Assert.Empty(WordAligner.Words(Segment("  ", 0, 30)));
    }

    private static RecognizedSegment Segment(string text, double start, double end, params RecognizedToken[] tokens) =>
        new(TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), text, 0.5, tokens);

    private static RecognizedToken T(string text, double start, double end, double probability = 0.9) =>
        new(text, start < 0 ? TimeSpan.MinValue : TimeSpan.FromSeconds(start), end < 0 ? TimeSpan.MinValue : TimeSpan.FromSeconds(end), probability);
}
