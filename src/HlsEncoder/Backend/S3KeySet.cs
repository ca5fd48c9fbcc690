using System.Text.Json.Serialization;

namespace HlsEncoder.Backend;

/// <summary>
/// The File record's s3Keys: the master playlist, one playlist per quality, the transcript files, and
/// what else the package has (I-frame playlists, downloads, poster, thumbnails), which the backend stores as given.
/// Settable, so that PowerShell can build one from a hashtable.
/// </summary>
public sealed class S3KeySet
{
    [JsonPropertyName("master")]
    public string Master { get; set; } = string.Empty;

    /// <summary>Quality name (1080p) to its playlist key, highest first.</summary>
    [JsonPropertyName("qualities")]
    public IDictionary<string, string> Qualities { get; set; } = new Dictionary<string, string>();

    /// <summary>Transcript format (srt, vtt, txt, json) to its key; null when there is no transcript.</summary>
    [JsonPropertyName("transcript")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IDictionary<string, string>? Transcript { get; set; }

    /// <summary>Quality name (1080p) to its I-frame playlist's key ({quality}/iframe_index.m3u8); null when the package has none.</summary>
    [JsonPropertyName("iframes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IDictionary<string, string>? IFrames { get; set; }

    /// <summary>"mp4" (download.mp4) and "m4a" (audio.m4a, when there is sound) to their keys; null when the package has no downloads.</summary>
    [JsonPropertyName("downloads")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IDictionary<string, string>? Downloads { get; set; }

    /// <summary>poster.jpg's key; null when the package has no poster.</summary>
    [JsonPropertyName("poster")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Poster { get; set; }

    /// <summary>storyboard/thumbnails.vtt's key (its sprite sheets lie beside it); null when the package has no storyboard.</summary>
    [JsonPropertyName("thumbnails")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Thumbnails { get; set; }

    public override string ToString() => Master;
}
