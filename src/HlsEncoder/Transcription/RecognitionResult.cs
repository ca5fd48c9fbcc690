namespace HlsEncoder.Transcription;

/// <summary>What Whisper heard in one recording, before cleaning, and how long the decoded audio was.</summary>
internal sealed record RecognitionResult(IReadOnlyList<RecognizedSegment> Segments, string Language, TimeSpan AudioDuration);
