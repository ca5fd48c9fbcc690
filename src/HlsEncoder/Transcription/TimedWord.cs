namespace HlsEncoder.Transcription;

/// <summary>
/// A word as the recognizer hands it to <see cref="CaptionSegmenter"/>: its text, its time on the media's
/// timeline, Whisper's probability for it, and <paramref name="Span"/>, the stretch of audio between two
/// skipped silences it was heard in. No cue joins words of two spans: a skipped silence lies between them.
/// </summary>
internal readonly record struct TimedWord(string Text, TimeSpan Start, TimeSpan End, double Probability, int Span = 0);
