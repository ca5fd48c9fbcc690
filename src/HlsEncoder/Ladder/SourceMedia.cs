namespace HlsEncoder.Ladder;

/// <summary>What ffprobe says about a source video, reduced to what the ladder depends on.</summary>
internal sealed record SourceMedia
{
    public required string Path { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>The picture as coded, before the sample aspect ratio and the display rotation apply.</summary>
    public required int CodedWidth { get; init; }

    public required int CodedHeight { get; init; }

    /// <summary>Pixel shape; 1:1 for square pixels, 16:15 for a PAL 4:3 DVD frame shown 768 wide.</summary>
    public (int Numerator, int Denominator) SampleAspectRatio { get; init; } = (1, 1);

    /// <summary>Display rotation in degrees (from the display matrix); ffmpeg decodes the picture already turned.</summary>
    public int Rotation { get; init; }

    public FrameRate AverageFrameRate { get; init; }

    /// <summary>ffprobe's r_frame_rate: the base rate the timestamps are laid out on.</summary>
    public FrameRate RealFrameRate { get; init; }

    public bool IsInterlaced { get; init; }

    public string VideoCodec { get; init; } = string.Empty;

    /// <summary>The video stream's index among all of the file's streams (a cover picture may come first).</summary>
    public int VideoStreamIndex { get; init; }

    /// <summary>The audio stream's index among all of the file's streams; meaningful only with <see cref="HasAudio"/>.</summary>
    public int AudioStreamIndex { get; init; }

    public bool HasAudio { get; init; }

    public int AudioChannels { get; init; }

    private bool IsTurnedSideways => Math.Abs(Rotation) % 180 == 90;

    /// <summary>The width a viewer sees, in square pixels, after rotation.</summary>
    public double DisplayWidth => IsTurnedSideways ? CodedHeight : CodedWidth * PixelAspect;

    public double DisplayHeight => IsTurnedSideways ? CodedWidth * PixelAspect : CodedHeight;

    private double PixelAspect => SampleAspectRatio.Numerator > 0 && SampleAspectRatio.Denominator > 0
        ? (double)SampleAspectRatio.Numerator / SampleAspectRatio.Denominator
        : 1.0;

    public string Describe() =>
        $"{CodedWidth}x{CodedHeight} {VideoCodec}" +
        (SampleAspectRatio != (1, 1) && SampleAspectRatio.Numerator > 0 ? $" SAR {SampleAspectRatio.Numerator}:{SampleAspectRatio.Denominator}" : string.Empty) +
        (Rotation != 0 ? $" rotated {Rotation}°" : string.Empty) +
        $" at {AverageFrameRate.Value:0.###} fps" +
        (AverageFrameRate != RealFrameRate ? $" (base {RealFrameRate.Value:0.###})" : string.Empty) +
        (IsInterlaced ? ", interlaced" : string.Empty) +
        (HasAudio ? $", audio {AudioChannels} ch" : ", no audio") +
        $", {Duration.TotalSeconds:0.##} s";
}
