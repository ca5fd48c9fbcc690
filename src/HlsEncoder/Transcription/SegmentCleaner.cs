using System.Text;

namespace HlsEncoder.Transcription;

/// <summary>
/// Turns Whisper's raw segments into cues that strict SRT and WebVTT parsers accept and players show
/// sensibly. whisper.cpp may end a segment anywhere in its 30 s window (past the audio), and emits
/// zero-length segments at window edges; subtitles need times within the media, on whole
/// milliseconds, in order and without overlap, and no cue without text.
/// </summary>
internal static class SegmentCleaner
{
    /// <summary>How long a cue lasts when Whisper gave its text no time at all and nothing is there to join it to.</summary>
    public static readonly TimeSpan LoneCueDuration = TimeSpan.FromSeconds(1);

    // whisper.cpp's marker for a window it heard nothing in: not speech, so not a cue.
    private static readonly string[] NonSpeechMarkers = ["[BLANK_AUDIO]"];

    public static IReadOnlyList<TranscriptSegment> Clean(IEnumerable<RecognizedSegment> segments, TimeSpan mediaDuration)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var duration = Milliseconds(mediaDuration < TimeSpan.Zero ? TimeSpan.Zero : mediaDuration);
        var cues = new List<Cue>();
        Cue? pending = null;

        foreach (var segment in segments)
        {
            var text = NormalizeText(segment.Text);
            if (text.Length == 0 || NonSpeechMarkers.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var previousEnd = cues.Count > 0 ? cues[^1].End : TimeSpan.Zero;
            var start = Clamp(Milliseconds(segment.Start), previousEnd, duration);
            var end = Clamp(Milliseconds(segment.End), TimeSpan.Zero, duration);
            var cue = new Cue(start, end, text, segment.Confidence, Math.Max(1, segment.TokenCount));

            if (pending is not null)
            {
                cue = pending.PrependTo(cue);
                pending = null;
            }

            if (cue.End > cue.Start)
            {
                cues.Add(cue);
            }
            else if (cues.Count > 0)
            {
                cues[^1] = cues[^1].Append(cue);
            }
            else
            {
                pending = cue;
            }
        }

        if (pending is not null && duration > TimeSpan.Zero)
        {
            var start = pending.Start < duration ? pending.Start : Max(TimeSpan.Zero, duration - LoneCueDuration);
            cues.Add(pending with { Start = start, End = Min(start + LoneCueDuration, duration) });
        }

        return cues.Select(c => new TranscriptSegment(c.Start, c.End, c.Text, Math.Round(Math.Clamp(c.Confidence, 0, 1), 4))).ToArray();
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

    private static TimeSpan Milliseconds(TimeSpan time) => TimeSpan.FromMilliseconds(Math.Round(time.TotalMilliseconds, MidpointRounding.AwayFromZero));

    private static TimeSpan Clamp(TimeSpan value, TimeSpan low, TimeSpan high) => value < low ? low : value > high ? high : value;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed record Cue(TimeSpan Start, TimeSpan End, string Text, double Confidence, int Weight)
    {
        /// <summary>One cue that holds this cue's text and then <paramref name="later"/>'s, spanning both.</summary>
        public Cue Append(Cue later) => Join(this, later) with { Start = Start, End = Max(End, later.End) };

        public Cue PrependTo(Cue later) => Join(this, later) with { Start = Min(Start, later.Start), End = later.End };

        private static Cue Join(Cue first, Cue second) => new(
            first.Start,
            first.End,
            first.Text + " " + second.Text,
            ((first.Confidence * first.Weight) + (second.Confidence * second.Weight)) / (first.Weight + second.Weight),
            first.Weight + second.Weight);
    }
}
