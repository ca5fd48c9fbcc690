using System.Text.Json.Serialization;

namespace HlsEncoder.Backend;

/// <summary>
/// The File record's s3Keys: the master playlist, one playlist per quality, and the transcript files.
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

    public override string ToString() => Master;
}
