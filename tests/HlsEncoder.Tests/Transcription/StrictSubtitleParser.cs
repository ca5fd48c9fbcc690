using System.Globalization;
using System.Text.RegularExpressions;

namespace HlsEncoder.Tests.Transcription;

/// <summary>
/// Parsers as strict as the strictest players and caption tools: any deviation from the grammar is a
/// failure. SRT: blocks of "n", "HH:MM:SS,mmm --> HH:MM:SS,mmm", text lines, one blank line, numbered from 1.
/// WebVTT (W3C): "WEBVTT", optional header lines, then cues with "HH:MM:SS.mmm --> HH:MM:SS.mmm".
/// </summary>
public static partial class StrictSubtitleParser
{
    public sealed record Cue(TimeSpan Start, TimeSpan End, string Text);

    public static IReadOnlyList<Cue> ParseSrt(string text)
    {
        Assert.False(text.StartsWith('\uFEFF'), "No byte order mark.");
        var cues = new List<Cue>();
        if (text.Length == 0)
        {
            return cues;
        }

        Assert.EndsWith("\n\n", text, StringComparison.Ordinal);
        foreach (var block in text[..^2].Split("\n\n"))
        {
            var lines = block.Split('\n');
            Assert.True(lines.Length >= 3, $"An SRT block has a number, a timing line and text: '{block}'.");
            Assert.Equal((cues.Count + 1).ToString(CultureInfo.InvariantCulture), lines[0]);
            var timing = SrtTiming().Match(lines[1]);
            Assert.True(timing.Success, $"Not an SRT timing line: '{lines[1]}'.");
            Assert.All(lines[2..], l => Assert.False(string.IsNullOrWhiteSpace(l)));
            cues.Add(new Cue(Time(timing, "start"), Time(timing, "end"), string.Join('\n', lines[2..])));
        }

        AssertTimeline(cues);
        return cues;
    }

    /// <returns>The cues, and the header lines between WEBVTT and the first cue.</returns>
    public static (IReadOnlyList<Cue> Cues, IReadOnlyList<string> Header) ParseVtt(string text)
    {
        Assert.False(text.StartsWith('\uFEFF'), "No byte order mark.");
        var blocks = text.Split("\n\n");
        var header = blocks[0].Split('\n');
        Assert.Equal("WEBVTT", header[0]);
        var cues = new List<Cue>();
        foreach (var block in blocks.Skip(1).Where(b => b.Length > 0))
        {
            var lines = block.TrimEnd('\n').Split('\n');
            var timingLine = VttTiming().IsMatch(lines[0]) ? 0 : 1;
            var timing = VttTiming().Match(lines[timingLine]);
            Assert.True(timing.Success, $"Not a WebVTT timing line: '{lines[timingLine]}'.");
            var body = lines[(timingLine + 1)..];
            Assert.NotEmpty(body);
            Assert.All(body, l => Assert.DoesNotContain("-->", l, StringComparison.Ordinal));
            Assert.All(body, l => Assert.DoesNotMatch("&(?!amp;|lt;|gt;)|<", l));
            cues.Add(new Cue(Time(timing, "start"), Time(timing, "end"), string.Join('\n', body)));
        }

        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return (cues, header[1..].Where(h => h.Length > 0).ToArray());
    }

    public static void AssertTimeline(IReadOnlyList<Cue> cues, TimeSpan? duration = null)
    {
        var previousEnd = TimeSpan.Zero;
        foreach (var cue in cues)
        {
            Assert.True(cue.Start >= previousEnd, $"Cue {cue} overlaps the one before (ending {previousEnd}).");
            Assert.True(cue.End > cue.Start, $"Cue {cue} has no length.");
            if (duration is { } d)
            {
                Assert.True(cue.End <= d, $"Cue {cue} ends past the media ({d}).");
            }

            previousEnd = cue.End;
        }
    }

    private static TimeSpan Time(Match match, string prefix) => new(
        0,
        int.Parse(match.Groups[prefix + "h"].Value, CultureInfo.InvariantCulture),
        int.Parse(match.Groups[prefix + "m"].Value, CultureInfo.InvariantCulture),
        int.Parse(match.Groups[prefix + "s"].Value, CultureInfo.InvariantCulture),
        int.Parse(match.Groups[prefix + "ms"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<starth>\d{2,}):(?<startm>[0-5]\d):(?<starts>[0-5]\d),(?<startms>\d{3}) --> (?<endh>\d{2,}):(?<endm>[0-5]\d):(?<ends>[0-5]\d),(?<endms>\d{3})$")]
    private static partial Regex SrtTiming();

    [GeneratedRegex(@"^(?<starth>\d{2,}):(?<startm>[0-5]\d):(?<starts>[0-5]\d)\.(?<startms>\d{3}) --> (?<endh>\d{2,}):(?<endm>[0-5]\d):(?<ends>[0-5]\d)\.(?<endms>\d{3})$")]
    private static partial Regex VttTiming();
}
