namespace HlsEncoder.Packaging;

/// <summary>
/// What a transcription produced for one package or recording: the caption files (beside the HLS ladder,
/// or in the folder a file was transcribed into) and, when subtitles were added to the master playlist,
/// the subtitles rendition's playlist.
/// </summary>
public sealed class Transcript
{
    /// <summary>The language code the transcript is in, such as "en".</summary>
    public string Language { get; init; } = string.Empty;

    /// <summary>The Whisper model that produced it, such as "base" (or the model file's name).</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>True when Whisper translated the speech into English (-Translate).</summary>
    public bool Translated { get; init; }

    /// <summary>The audio or video file that was transcribed; empty when not recorded.</summary>
    public string SourcePath { get; init; } = string.Empty;

    public int SegmentCount { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>How much of the recording was silence that Whisper did not have to hear (silences of 2 s or more, less a little padding).</summary>
    public TimeSpan SkippedSilence { get; init; }

    public string SrtPath { get; init; } = string.Empty;

    public string VttPath { get; init; } = string.Empty;

    public string TxtPath { get; init; } = string.Empty;

    public string JsonPath { get; init; } = string.Empty;

    /// <summary>The subtitles rendition's media playlist, or null when the master playlist has no subtitles.</summary>
    public string? SubtitlePlaylistPath { get; init; }

    public override string ToString() => $@"{Language}, {SegmentCount} cues, {Duration:hh\:mm\:ss}";
}
