namespace HlsEncoder.Transcription;

/// <summary>
/// How captions are laid out and timed, after Netflix's Timed Text Style Guide (the rules most subtitle
/// work is checked against): at most two lines of at most 42 characters, each cue on screen 1 to 7
/// seconds, and no faster than about 20 characters a second for adults. Lengths count UTF-16 units, what
/// most checkers count; in Hindi and Arabic a combining mark counts too, so lines break a little early.
/// A pause of a second or more between words always ends a cue, so no cue stays up through silence
/// longer than the half second a reader may need to finish it (Netflix allows 12 frames past the speech).
/// </summary>
internal static class CaptionRules
{
    public const int MaxLineLength = 42;

    public const int MaxLines = 2;

    public const double MaxCharactersPerSecond = 20;

    public static readonly TimeSpan MinDuration = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(7);

    /// <summary>A pause at least this long between two words always ends a cue.</summary>
    public static readonly TimeSpan PauseBreak = TimeSpan.FromSeconds(1);

    /// <summary>How long a cue may stay after its last word, or show before its first, to be read.</summary>
    public static readonly TimeSpan MaxLinger = TimeSpan.FromMilliseconds(500);

    /// <summary>Two frames at 25 fps: a cue lengthened for reading stops this far before the next, so the change is seen.</summary>
    public static readonly TimeSpan MinGap = TimeSpan.FromMilliseconds(80);

    /// <summary>
    /// Names these rules in a transcript's settings: a transcript made under other rules (or from whole
    /// Whisper segments, before the rules existed) is made again. Change it whenever the rules change.
    /// </summary>
    public const string Id = "words 2x42 1-7s 20cps";
}
