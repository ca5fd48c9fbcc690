namespace HlsEncoder.Ladder;

/// <summary>One rung as it will be encoded: its size in square pixels and its rate control.</summary>
internal sealed record PlannedRendition(string Name, int Width, int Height, int Crf, int MaxVideoBitrateKbps, int BufferSizeKbits, string Level, int AudioBitrateKbps)
{
    public string Describe() =>
        $"{Name}: {Width}x{Height}, CRF {Crf} capped at {MaxVideoBitrateKbps} kb/s (VBV buffer {BufferSizeKbits} kbit), High@L{Level}" +
        (AudioBitrateKbps > 0 ? $", AAC-LC {AudioBitrateKbps} kb/s" : ", no audio");
}

/// <summary>The whole ladder for one source: what one ffmpeg run encodes.</summary>
internal sealed record LadderPlan
{
    public required SourceMedia Source { get; init; }

    /// <summary>The rungs, highest first.</summary>
    public required IReadOnlyList<PlannedRendition> Renditions { get; init; }

    /// <summary>Why requested rungs were left out (never upscaled).</summary>
    public IReadOnlyList<string> Dropped { get; init; } = [];

    /// <summary>The constant rate every rung is encoded at.</summary>
    public required FrameRate FrameRate { get; init; }

    public required TimeSpan SegmentDuration { get; init; }

    public required int KeyframeIntervalSeconds { get; init; }

    /// <summary>The keyframe interval in frames (-g and -keyint_min).</summary>
    public int GopFrames => Math.Max(1, (int)Math.Ceiling((KeyframeIntervalSeconds * FrameRate.Value) - 1e-6));

    public required string Preset { get; init; }

    public bool HasAudio => Source.HasAudio;

    /// <summary>The gain (and limiter) the sound gets on its way to the encoder; null leaves it as it is.</summary>
    public Packaging.HlsLoudness? Loudness { get; init; }

    /// <summary>The sample rate of every rung's AAC.</summary>
    public const int AudioSampleRate = 48000;

    /// <summary>Stereo, or mono for a mono source (a second identical channel would only cost bits).</summary>
    public int AudioChannels => Source.AudioChannels == 1 ? 1 : 2;
}
