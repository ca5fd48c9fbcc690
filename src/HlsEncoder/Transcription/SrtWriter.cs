namespace HlsEncoder.Transcription;

/// <summary>
/// SubRip: cues numbered from 1, "HH:MM:SS,mmm --> HH:MM:SS,mmm", the cue's lines, a blank line after each.
/// SRT has no escaping, so an arrow inside the text is softened to keep parsers from reading it as timing.
/// </summary>
internal static class SrtWriter
{
    public static void Write(TextWriter writer, TranscriptDocument document)
    {
        var number = 0;
        foreach (var segment in document.Segments)
        {
            number++;
            writer.Write(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.Write('\n');
            writer.Write($"{CueTime.Srt(segment.Start)} --> {CueTime.Srt(segment.End)}\n");
            foreach (var line in segment.Lines)
            {
                writer.Write(line.Replace("-->", "->", StringComparison.Ordinal));
                writer.Write('\n');
            }

            writer.Write('\n');
        }
    }
}
