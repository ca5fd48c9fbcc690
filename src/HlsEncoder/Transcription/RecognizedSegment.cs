namespace HlsEncoder.Transcription;

/// <summary>
/// A segment as Whisper returned it, already moved onto the media's timeline: its times are raw (an end
/// may lie past the audio, a segment may be empty or zero-length) until <see cref="SegmentCleaner"/> runs.
/// <paramref name="TokenCount"/> weighs the confidence when segments are merged.
/// </summary>
internal readonly record struct RecognizedSegment(TimeSpan Start, TimeSpan End, string Text, double Confidence, int TokenCount);
