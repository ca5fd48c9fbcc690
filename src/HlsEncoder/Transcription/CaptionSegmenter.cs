using System.Globalization;
using System.Text;

namespace HlsEncoder.Transcription;

/// <summary>
/// A word, or a piece of a word too long for a line, as the caption layout places it. <see cref="Attached"/>
/// pieces follow the one before without a space; <see cref="Word"/> is the index of the word it came from.
/// </summary>
internal readonly record struct CaptionPiece(string Text, bool Attached, int Word, TimeSpan Start, TimeSpan End, int Span);

/// <summary>
/// Turns Whisper's timed words into cues people can read (<see cref="CaptionRules"/>), the way subtitlers
/// and tools such as stable-ts regroup Whisper's output: the words are first cut into phrases at every
/// pause of a second or more and at every skipped silence, then each phrase is cut into cues, choosing
/// among all the cuts that keep every cue within two lines of 42 characters and 7 seconds the one that
/// needs the fewest cues and breaks after sentences and clauses rather than inside them, without leaving
/// short scraps. Last, each cue is timed: from its first word to its last, lengthened by up to half a
/// second either side when it would otherwise be too short to read (1 s, 20 characters a second), and
/// never over the next cue or past the media. Times are whole milliseconds, in order, never overlapping.
/// </summary>
internal static class CaptionSegmenter
{
    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);

    public static IReadOnlyList<TranscriptSegment> Build(IReadOnlyList<TimedWord> timedWords, TimeSpan mediaDuration)
    {
        ArgumentNullException.ThrowIfNull(timedWords);
        var duration = Milliseconds(mediaDuration < TimeSpan.Zero ? TimeSpan.Zero : mediaDuration);
        var words = Clean(timedWords, duration);
        var pieces = Pieces(words);
        var cues = new List<(int From, int To)>();
        var phraseStart = 0;
        for (var i = 1; i <= pieces.Count; i++)
        {
            if (i == pieces.Count || pieces[i].Span != pieces[i - 1].Span || pieces[i].Start - pieces[i - 1].End >= CaptionRules.PauseBreak)
            {
                cues.AddRange(CutPhrase(pieces, phraseStart, i));
                phraseStart = i;
            }
        }

        return Timed(cues, pieces, words, duration);
    }

    /// <summary>One line of text: line breaks and runs of white space become one space; control characters go.</summary>
    public static string NormalizeText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (char.IsControl(c))
            {
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Words with text, within the media, on whole milliseconds, each starting no earlier than the one
    /// before (Whisper's windows can overlap a little). Text with a space inside becomes several words.
    /// </summary>
    private static List<TimedWord> Clean(IReadOnlyList<TimedWord> timedWords, TimeSpan duration)
    {
        var words = new List<TimedWord>(timedWords.Count);
        var previousStart = TimeSpan.Zero;
        foreach (var word in timedWords)
        {
            var text = NormalizeText(word.Text);
            if (text.Length == 0 || CaptionText.IsNonSpeech(text))
            {
                continue;
            }

            var start = Clamp(Milliseconds(word.Start), previousStart, duration);
            var end = Clamp(Milliseconds(word.End), start, duration);
            previousStart = start;
            var parts = text.Split(' ');
            for (var p = 0; p < parts.Length; p++)
            {
                // A text of several words (a fallback when Whisper gave no word times) shares its time evenly.
                var partStart = start + ((end - start) * p / parts.Length);
                var partEnd = p == parts.Length - 1 ? end : start + ((end - start) * (p + 1) / parts.Length);
                words.Add(word with { Text = parts[p], Start = Milliseconds(partStart), End = Milliseconds(partEnd), Probability = Math.Clamp(word.Probability, 0, 1) });
            }
        }

        return words;
    }

    /// <summary>The words as pieces: a word longer than a line is cut into line-long pieces (between whole characters), its time shared by length.</summary>
    private static List<CaptionPiece> Pieces(List<TimedWord> words)
    {
        var pieces = new List<CaptionPiece>(words.Count);
        for (var w = 0; w < words.Count; w++)
        {
            var word = words[w];
            if (word.Text.Length <= CaptionRules.MaxLineLength)
            {
                pieces.Add(new CaptionPiece(word.Text, false, w, word.Start, word.End, word.Span));
                continue;
            }

            var parts = SplitLongWord(word.Text);
            var done = 0;
            for (var p = 0; p < parts.Count; p++)
            {
                var start = word.Start + ((word.End - word.Start) * done / word.Text.Length);
                done += parts[p].Length;
                var end = word.Start + ((word.End - word.Start) * done / word.Text.Length);
                pieces.Add(new CaptionPiece(parts[p], p > 0, w, Milliseconds(start), Milliseconds(end), word.Span));
            }
        }

        return pieces;
    }

    private static List<string> SplitLongWord(string text)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            if (current.Length > 0 && current.Length + element.Length > CaptionRules.MaxLineLength)
            {
                parts.Add(current.ToString());
                current.Clear();
            }

            current.Append(element);
        }

        parts.Add(current.ToString());
        return parts;
    }

    /// <summary>The best cut of one phrase into cues (dynamic programming over the places to cut).</summary>
    private static IEnumerable<(int From, int To)> CutPhrase(List<CaptionPiece> pieces, int from, int to)
    {
        var count = to - from;
        var best = new double[count + 1];
        var cut = new int[count + 1];
        Array.Fill(best, double.MaxValue);
        best[0] = 0;
        for (var j = 1; j <= count; j++)
        {
            for (var i = j - 1; i >= 0; i--)
            {
                var last = from + j;
                var first = from + i;
                var single = j - i == 1;
                if (!single && (pieces[last - 1].End - pieces[first].Start > CaptionRules.MaxDuration || CaptionLines.Layout(pieces, first, last) is null))
                {
                    // Longer cues ending here would be longer still: none of them fits.
                    break;
                }

                if (best[i] == double.MaxValue)
                {
                    continue;
                }

                var cost = best[i] + CueCost(pieces, first, last, to);
                if (cost < best[j])
                {
                    best[j] = cost;
                    cut[j] = i;
                }
            }
        }

        var cues = new Stack<(int, int)>();
        for (var j = count; j > 0; j = cut[j])
        {
            cues.Push((from + cut[j], from + j));
        }

        return cues;
    }

    /// <summary>
    /// What one cue costs: one for being a cue (so cues are as full as they may be), the break it ends on
    /// (none at the phrase's end), and penalties for a scrap of text or time, and for text that cannot be
    /// read in the time it can be shown.
    /// </summary>
    private static double CueCost(List<CaptionPiece> pieces, int from, int to, int phraseEnd)
    {
        var cost = 1.0;
        if (to < phraseEnd)
        {
            cost += CaptionLines.BreakCost(pieces[to - 1], pieces[to]);
        }

        var characters = CaptionLines.Length(pieces, from, to);
        const int Scrap = 20;
        if (characters < Scrap)
        {
            cost += (Scrap - characters) / (double)Scrap;
        }

        var spoken = pieces[to - 1].End - pieces[from].Start;
        if (spoken < CaptionRules.MinDuration)
        {
            cost += (CaptionRules.MinDuration - spoken) / CaptionRules.MinDuration;
        }

        var shown = Math.Max(spoken.TotalSeconds + CaptionRules.MaxLinger.TotalSeconds, 0.1);
        var speed = characters / shown;
        if (speed > CaptionRules.MaxCharactersPerSecond)
        {
            cost += 2 * (speed - CaptionRules.MaxCharactersPerSecond) / CaptionRules.MaxCharactersPerSecond;
        }

        return cost;
    }

    /// <summary>Gives each cue its time, its lines and its words.</summary>
    private static List<TranscriptSegment> Timed(List<(int From, int To)> cues, List<CaptionPiece> pieces, List<TimedWord> words, TimeSpan duration)
    {
        var starts = new TimeSpan[cues.Count];
        var ends = new TimeSpan[cues.Count];
        var previousEnd = TimeSpan.Zero;
        for (var c = 0; c < cues.Count; c++)
        {
            var (from, to) = cues[c];
            var firstWord = pieces[from].Start;
            var lastWord = pieces[to - 1].End;
            var nextStart = c + 1 < cues.Count ? pieces[cues[c + 1].From].Start : duration;
            var start = Max(firstWord, previousEnd);
            var end = Max(lastWord, start);
            if (end > nextStart && nextStart > start)
            {
                // Whisper's words overlap a little across the cut: the next cue's first word wins.
                end = nextStart;
            }

            if (end - start > CaptionRules.MaxDuration)
            {
                // One word Whisper stretched over seconds: shown up to its end, where it was heard last.
                start = end - CaptionRules.MaxDuration;
            }

            var characters = CaptionLines.Length(pieces, from, to);
            var readable = Min(Max(CaptionRules.MinDuration, Milliseconds(TimeSpan.FromSeconds(characters / CaptionRules.MaxCharactersPerSecond))), CaptionRules.MaxDuration);
            var room = c + 1 < cues.Count ? Max(nextStart - CaptionRules.MinGap, end) : duration;
            if (end - start < readable)
            {
                end = Max(end, Min(Min(start + readable, lastWord + CaptionRules.MaxLinger), Min(room, duration)));
            }

            if (end - start < CaptionRules.MinDuration)
            {
                var earliest = Max(end - CaptionRules.MinDuration, Max(firstWord - CaptionRules.MaxLinger, c == 0 ? TimeSpan.Zero : previousEnd + CaptionRules.MinGap));
                start = Min(start, earliest);
            }

            if (end <= start)
            {
                // Words squeezed into one instant: a millisecond now; the pass below keeps it within the media.
                end = start + Millisecond;
            }

            starts[c] = start;
            ends[c] = end;
            previousEnd = end;
        }

        // From the end back: every cue within the media and before the next, at least a millisecond long.
        var limit = duration;
        var keep = new bool[cues.Count];
        for (var c = cues.Count - 1; c >= 0; c--)
        {
            ends[c] = Min(ends[c], limit);
            starts[c] = Min(starts[c], ends[c] - Millisecond);
            keep[c] = starts[c] >= TimeSpan.Zero;
            limit = keep[c] ? starts[c] : limit;
        }

        var segments = new List<TranscriptSegment>(cues.Count);
        for (var c = 0; c < cues.Count; c++)
        {
            if (!keep[c])
            {
                continue;
            }

            var (from, to) = cues[c];
            var lines = CaptionLines.Layout(pieces, from, to) ?? [CaptionLines.Join(pieces, from, to)];
            // A word cut over two cues is listed once, in the cue it starts in.
            var heard = Enumerable.Range(from, to - from).Select(p => pieces[p].Word).Distinct().ToArray();
            var cueWords = heard.Where(w => w != pieces[from].Word || !pieces[from].Attached).Select(w => words[w]).ToArray();
            var confidence = heard.Average(w => words[w].Probability);
            segments.Add(new TranscriptSegment(starts[c], ends[c], CaptionLines.Join(pieces, from, to), Math.Round(confidence, 4))
            {
                Lines = lines,
                Words = cueWords.Select(w => new TranscriptWord(w.Text, w.Start, w.End, Math.Round(w.Probability, 4))).ToArray(),
            });
        }

        return segments;
    }

    private static TimeSpan Milliseconds(TimeSpan time) => TimeSpan.FromMilliseconds(Math.Round(time.TotalMilliseconds, MidpointRounding.AwayFromZero));

    private static TimeSpan Clamp(TimeSpan value, TimeSpan low, TimeSpan high) => value < low ? low : value > high ? high : value;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
