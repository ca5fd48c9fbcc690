namespace HlsEncoder.Transcription;

/// <summary>The words alone, one cue per line (its screen lines joined), for reading, search and indexing.</summary>
internal static class PlainTextWriter
{
    public static void Write(TextWriter writer, TranscriptDocument document)
    {
        foreach (var segment in document.Segments)
        {
            writer.Write(segment.Text);
            writer.Write('\n');
        }
    }
}
