namespace HlsEncoder.Packaging;

/// <summary>
/// One I-frame playlist (EXT-X-I-FRAMES-ONLY) of a package, for trick play: scrubbing, fast forward and
/// rewind. Its entries are byte ranges of the rendition's own segments, so it adds no media; the master
/// playlist names it in an EXT-X-I-FRAME-STREAM-INF line with these measured facts.
/// </summary>
public sealed class HlsIFramePlaylist
{
    public HlsIFramePlaylist(string name, int width, int height, long bandwidth, long averageBandwidth, string codecs, string playlistPath, int frameCount)
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
        PlaylistPath = playlistPath;
        FrameCount = frameCount;
    }

    /// <summary>The quality whose segments it points into, such as "720p".</summary>
    public string Name { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Peak bit rate of its I-frames in bits/s (each I-frame's bytes over the time until the next one), as BANDWIDTH.</summary>
    public long Bandwidth { get; }

    /// <summary>Average bit rate of its I-frames in bits/s, as AVERAGE-BANDWIDTH.</summary>
    public long AverageBandwidth { get; }

    /// <summary>The video codec only (an I-frame playlist is played without sound), such as "avc1.64001f"; empty when another tool's master playlist did not say.</summary>
    public string Codecs { get; }

    /// <summary>Full path of the I-frame playlist ({quality}/iframe_index.m3u8 for a package HlsEncoder made).</summary>
    public string PlaylistPath { get; }

    /// <summary>How many I-frames it lists; 0 when not known (another tool's playlist).</summary>
    public int FrameCount { get; }

    public string Resolution => $"{Width}x{Height}";

    public override string ToString() => $"{Name} I-frames {Resolution} {Bandwidth / 1000} kb/s";
}
