namespace HlsEncoder.Packaging;

/// <summary>
/// The files a viewer may download (-Download): the top quality as one MP4 and its sound as an M4A, both
/// remuxed from the package's own segments (no re-encode), so they hold exactly what the stream plays.
/// </summary>
public sealed class HlsDownloads
{
    public const string VideoFileName = "download.mp4";
    public const string AudioFileName = "audio.m4a";

    public HlsDownloads(string videoPath, string? audioPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(videoPath);
        VideoPath = videoPath;
        AudioPath = string.IsNullOrEmpty(audioPath) ? null : audioPath;
    }

    /// <summary>Full path of download.mp4 (H.264 and AAC, faststart: it plays while it downloads).</summary>
    public string VideoPath { get; }

    /// <summary>Full path of audio.m4a; null for a source without sound.</summary>
    public string? AudioPath { get; }

    public override string ToString() => AudioPath is null ? VideoPath : $"{VideoPath}, {AudioPath}";
}
