namespace HlsEncoder.Packaging;

/// <summary>
/// One EXT-X-STREAM-INF variant of a master playlist and the URI line after it. Optional attributes
/// are null when the playlist left them out, so that "not said" stays apart from "said empty".
/// </summary>
internal sealed record VariantStream(
    string Uri,
    long Bandwidth,
    long? AverageBandwidth,
    string? Codecs,
    (int Width, int Height)? Resolution,
    double? FrameRate,
    string? AudioGroup,
    string? SubtitlesGroup);

/// <summary>One EXT-X-MEDIA rendition (audio, subtitles, closed captions); <see cref="Uri"/> is null for one carried inside the variants.</summary>
internal sealed record AlternateMedia(string Type, string GroupId, string Name, string? Language, string? Uri)
{
    public bool IsDefault { get; init; }

    public bool AutoSelect { get; init; }

    public bool Forced { get; init; }
}

/// <summary>One EXT-X-I-FRAME-STREAM-INF: an I-frame playlist for trick play, named by its URI attribute.</summary>
internal sealed record IFrameStream(string Uri, long Bandwidth, long? AverageBandwidth = null, string? Codecs = null, (int Width, int Height)? Resolution = null);
