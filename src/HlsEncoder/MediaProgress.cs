using System.Globalization;

namespace HlsEncoder;

/// <summary>
/// How far one pass over a recording is, in media time: an encode (from ffmpeg's reports) or a
/// transcription (from Whisper's). The cmdlets show it as the same kind of child progress bar.
/// </summary>
public sealed class MediaProgress
{
    /// <summary>The recording being worked on.</summary>
    public required string SourcePath { get; init; }

    /// <summary>What part of the pass runs when it has several, such as "measuring loudness" before an encode; null for the main one.</summary>
    public string? Stage { get; init; }

    /// <summary>0 to 100.</summary>
    public double Percent { get; init; }

    /// <summary>How much of the recording is done.</summary>
    public TimeSpan Processed { get; init; }

    /// <summary>The recording's duration.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Media seconds done per wall-clock second; null until it can be measured.</summary>
    public double? Speed { get; init; }

    /// <summary>Estimated time left; null until a speed is known.</summary>
    public TimeSpan? TimeLeft { get; init; }

    public override string ToString() =>
        (Stage is null ? string.Empty : Stage + ": ") +
        string.Create(CultureInfo.InvariantCulture, $"{Percent:0}%") +
        (Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $", {speed:0.0#}x realtime") : string.Empty) +
        (TimeLeft is { } left ? $@", {left:hh\:mm\:ss} left" : string.Empty);
}
