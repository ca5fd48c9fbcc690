namespace HlsEncoder.Transcription;

/// <summary>
/// What Whisper heard in one recording: its words on the media's timeline (before the caption layout),
/// how many segments Whisper returned, how long the decoded audio was, how much of it was silence that
/// Whisper was spared, and how much audio Whisper was actually given (<paramref name="Heard"/>: what its
/// cost grows with; the rest was never handed to it).
/// </summary>
internal sealed record RecognitionResult(IReadOnlyList<TimedWord> Words, int SegmentCount, string Language, TimeSpan AudioDuration, TimeSpan SkippedSilence, TimeSpan Heard);
