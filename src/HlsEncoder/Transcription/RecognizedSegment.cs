namespace HlsEncoder.Transcription;

/// <summary>
/// A segment as Whisper returned it, with its tokens, on the timeline of the audio Whisper was given: raw,
/// so an end may lie past that audio and a segment may be empty or have no length.
/// </summary>
internal sealed record RecognizedSegment(TimeSpan Start, TimeSpan End, string Text, double Probability, IReadOnlyList<RecognizedToken> Tokens);

/// <summary>One of Whisper's tokens: a piece of a word (" lect", "ure", ","), or one of whisper.cpp's own markers ("[_BEG_]"). A negative start: Whisper gave it no time.</summary>
internal readonly record struct RecognizedToken(string Text, TimeSpan Start, TimeSpan End, double Probability);
