namespace HlsEncoder.Transcription;

/// <summary>
/// One cue of a transcript: when it is shown, what is said, and how sure Whisper was (0 to 1).
/// <see cref="Text"/> is the cue on one line (for transcript.txt and search); <see cref="Lines"/> is how
/// it is laid out on screen (at most two lines); <see cref="Words"/> are the words it holds, each with
/// the time Whisper heard it.
/// </summary>
public sealed record TranscriptSegment(TimeSpan Start, TimeSpan End, string Text, double Confidence)
{
    private readonly IReadOnlyList<string>? _lines;

    public TimeSpan Duration => End - Start;

    /// <summary>The cue's lines on screen; one line, the text, unless set.</summary>
    public IReadOnlyList<string> Lines
    {
        get => _lines ?? [Text];
        init => _lines = value;
    }

    public IReadOnlyList<TranscriptWord> Words { get; init; } = [];
}

/// <summary>A word as Whisper heard it: its text (with the punctuation that follows it), its time on the media's timeline, and its probability (0 to 1).</summary>
public sealed record TranscriptWord(string Text, TimeSpan Start, TimeSpan End, double Probability);
