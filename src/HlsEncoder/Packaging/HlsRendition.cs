namespace HlsEncoder.Packaging;

/// <summary>One rung of an HLS ladder as it was measured on disk, after encoding.</summary>
public sealed class HlsRendition
{
    public HlsRendition(string name, int width, int height, long bandwidth, long averageBandwidth, string codecs, double frameRate, string playlistPath, int segmentCount, bool hasAudio)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(codecs);
        ArgumentException.ThrowIfNullOrEmpty(playlistPath);
        Name = name;
        Width = width;
        Height = height;
        Bandwidth = bandwidth;
        AverageBandwidth = averageBandwidth;
        Codecs = codecs;
        FrameRate = frameRate;
        PlaylistPath = playlistPath;
        SegmentCount = segmentCount;
        HasAudio = hasAudio;
    }

    /// <summary>The quality's name and folder, such as "720p".</summary>
    public string Name { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Peak segment bit rate in bits/s, as BANDWIDTH in the master playlist (RFC 8216).</summary>
    public long Bandwidth { get; }

    /// <summary>Average segment bit rate in bits/s, as AVERAGE-BANDWIDTH in the master playlist.</summary>
    public long AverageBandwidth { get; }

    /// <summary>The RFC 6381 codecs string, such as "avc1.64001f,mp4a.40.2"; empty when another tool's master playlist did not say.</summary>
    public string Codecs { get; }

    public double FrameRate { get; }

    /// <summary>Full path of the rendition's media playlist ({quality}/index.m3u8).</summary>
    public string PlaylistPath { get; }

    public int SegmentCount { get; }

    public bool HasAudio { get; }

    public string Resolution => $"{Width}x{Height}";

    public override string ToString() => $"{Name} {Resolution} {Bandwidth / 1000} kb/s";
}
