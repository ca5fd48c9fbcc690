namespace HlsEncoder.Encoding;

/// <summary>How far one encode is, from ffmpeg's own progress reports.</summary>
public sealed class EncodeProgress
{
    public required string SourcePath { get; init; }

    /// <summary>0 to 100.</summary>
    public double Percent { get; init; }

    /// <summary>How much of the source has been encoded.</summary>
    public TimeSpan Processed { get; init; }

    /// <summary>The source's duration.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Media seconds encoded per wall-clock second (ffmpeg's "speed"); null until ffmpeg reports it.</summary>
    public double? Speed { get; init; }

    /// <summary>Estimated time left; null until a speed is known.</summary>
    public TimeSpan? TimeLeft { get; init; }

    public override string ToString() =>
        $"{Percent:0}%" + (Speed is { } speed ? $", {speed:0.0#}x realtime" : string.Empty) + (TimeLeft is { } left ? $", {left:hh\\:mm\\:ss} left" : string.Empty);
}
