namespace HlsEncoder.Transcription;

/// <summary>Everything the transcript files hold: the cleaned cues and what they are a transcript of.</summary>
internal sealed record TranscriptDocument(
    IReadOnlyList<TranscriptSegment> Segments,
    string Language,
    string Model,
    TimeSpan Duration,
    bool Translated,
    string SourceName);
