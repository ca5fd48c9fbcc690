using System.Text;

namespace HlsEncoder.Transcription;

/// <summary>
/// WebVTT (W3C): the WEBVTT header, optional header lines (an HLS segment's X-TIMESTAMP-MAP), then cues
/// "HH:MM:SS.mmm --> HH:MM:SS.mmm" with their text escaped as the cue text syntax requires.
/// </summary>
internal static class WebVttWriter
{
    public static void Write(TextWriter writer, IEnumerable<TranscriptSegment> segments, string? headerLine = null)
    {
        writer.Write("WEBVTT\n");
        if (headerLine is not null)
        {
            writer.Write(headerLine);
            writer.Write('\n');
        }

        foreach (var segment in segments)
        {
            writer.Write('\n');
            writer.Write($"{CueTime.Vtt(segment.Start)} --> {CueTime.Vtt(segment.End)}\n");
            foreach (var line in segment.Lines)
            {
                writer.Write(Escape(line));
                writer.Write('\n');
            }
        }
    }

    /// <summary>'&amp;' and '&lt;' start markup in cue text and '&gt;' would let "--&gt;" end it, so all three are escaped.</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
