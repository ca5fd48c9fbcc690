namespace HlsEncoder.Packaging;

/// <summary>One subtitles rendition for the master playlist's subtitles group (EXT-X-MEDIA TYPE=SUBTITLES).</summary>
public sealed class HlsSubtitleTrack
{
    public HlsSubtitleTrack(string name, string language, string playlistPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        ArgumentException.ThrowIfNullOrWhiteSpace(playlistPath);
        Name = name;
        Language = language;
        PlaylistPath = playlistPath;
    }

    /// <summary>What a player shows in its subtitles menu, such as "English".</summary>
    public string Name { get; }

    /// <summary>The RFC 5646 language tag, such as "en".</summary>
    public string Language { get; }

    /// <summary>The subtitles' media playlist: a full path inside the package folder, or a URI relative to master.m3u8.</summary>
    public string PlaylistPath { get; }

    /// <summary>Shown without the viewer choosing it. At most one track of the group may be the default.</summary>
    public bool IsDefault { get; init; }

    /// <summary>A player may pick it by the viewer's language preferences.</summary>
    public bool AutoSelect { get; init; } = true;

    public bool Forced { get; init; }
}
