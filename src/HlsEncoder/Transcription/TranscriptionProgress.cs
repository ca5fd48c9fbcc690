using System.Globalization;

namespace HlsEncoder.Transcription;

/// <summary>How far one transcription is, from Whisper's own progress reports.</summary>
public sealed class TranscriptionProgress
{
    public required string SourcePath { get; init; }

    /// <summary>0 to 100.</summary>
    public double Percent { get; init; }

    /// <summary>How much of the audio Whisper has transcribed.</summary>
    public TimeSpan Processed { get; init; }

    public TimeSpan Duration { get; init; }

    /// <summary>Audio seconds transcribed per wall-clock second; null until it can be measured.</summary>
    public double? Speed { get; init; }

    public TimeSpan? TimeLeft { get; init; }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Percent:0}%") +
        (Speed is { } speed ? string.Create(CultureInfo.InvariantCulture, $", {speed:0.0#}x realtime") : string.Empty) +
        (TimeLeft is { } left ? $@", {left:hh\:mm\:ss} left" : string.Empty);
}
