namespace HlsEncoder.Transcription;

/// <summary>One cue of a transcript: when it is said, what is said, and how sure Whisper was (0 to 1).</summary>
public sealed record TranscriptSegment(TimeSpan Start, TimeSpan End, string Text, double Confidence)
{
    public TimeSpan Duration => End - Start;
}
