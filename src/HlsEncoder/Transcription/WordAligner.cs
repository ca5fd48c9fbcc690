namespace HlsEncoder.Transcription;

/// <summary>
/// Makes words out of a Whisper segment's tokens. A token that starts with a space starts a word; one
/// without continues it (so "," and "ure" join the word before), and a word is timed from its first
/// token's start to its last token's end. The words' text is taken from the segment's text, which
/// whisper.cpp decodes as a whole: a token alone may hold half of a UTF-8 character (Hindi, Arabic), which
/// the token's own text cannot show. When tokens and text disagree, or Whisper gave the tokens no times,
/// the segment becomes one text timed from its start to its end, and the caption layout shares that time
/// among its words by their order.
/// </summary>
internal static class WordAligner
{
    public static IReadOnlyList<TimedWord> Words(RecognizedSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var text = CaptionSegmenter.NormalizeText(segment.Text);
        if (text.Length == 0 || CaptionText.IsNonSpeech(text))
        {
            return [];
        }

        var groups = GroupTokens(segment.Tokens);
        var spoken = text.Split(' ');
        if (groups.Count > 0 && groups.All(g => g.Timed))
        {
            if (groups.Count == spoken.Length)
            {
                return groups.Select((g, i) => new TimedWord(spoken[i], g.Start, Max(g.End, g.Start), g.Probability)).ToArray();
            }

            if (!groups.Any(g => g.Text.Contains('\uFFFD', StringComparison.Ordinal)))
            {
                return groups.Select(g => new TimedWord(g.Text, g.Start, Max(g.End, g.Start), g.Probability)).ToArray();
            }
        }

        var probability = groups.Count > 0 ? groups.Average(g => g.Probability) : segment.Probability;
        return [new TimedWord(text, segment.Start, Max(segment.End, segment.Start), probability)];
    }

    /// <summary>whisper.cpp's own tokens ([_BEG_], [_TT_150], [_EOT_]) carry timing, not words.</summary>
    public static bool IsSpecial(string? text) =>
        text is null || (text.StartsWith("[_", StringComparison.Ordinal) && text.EndsWith(']'));

    private static List<Group> GroupTokens(IReadOnlyList<RecognizedToken> tokens)
    {
        var groups = new List<Group>();
        Group? current = null;
        foreach (var token in tokens)
        {
            if (IsSpecial(token.Text) || token.Text.Length == 0)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(token.Text))
            {
                current = null;
                continue;
            }

            if (current is null || char.IsWhiteSpace(token.Text[0]))
            {
                current = new Group();
                groups.Add(current);
            }

            current.Add(token);
        }

        return groups;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class Group
    {
        private readonly System.Text.StringBuilder _text = new();
        private double _probabilitySum;
        private int _count;

        public string Text => CaptionSegmenter.NormalizeText(_text.ToString());

        public bool Timed { get; private set; } = true;

        public TimeSpan Start { get; private set; } = TimeSpan.MaxValue;

        public TimeSpan End { get; private set; } = TimeSpan.MinValue;

        public double Probability => _count > 0 ? _probabilitySum / _count : 0;

        public void Add(RecognizedToken token)
        {
            _text.Append(token.Text);
            _probabilitySum += token.Probability;
            _count++;
            if (token.Start < TimeSpan.Zero)
            {
                Timed = false;
                return;
            }

            Start = token.Start < Start ? token.Start : Start;
            End = token.End > End ? token.End : End;
        }
    }
}
