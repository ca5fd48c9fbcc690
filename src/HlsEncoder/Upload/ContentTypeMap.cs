namespace HlsEncoder.Upload;

/// <summary>The platform's Content-Type for each extension (backend-api.md). Anything else is refused, never guessed.</summary>
public static class ContentTypeMap
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".m3u8"] = "application/vnd.apple.mpegurl",
        [".ts"] = "video/mp2t",
        [".m4s"] = "video/iso.segment",
        [".mp4"] = "video/mp4",
        [".m4a"] = "audio/mp4",
        [".srt"] = "text/plain; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
        [".json"] = "application/json",
        [".vtt"] = "text/vtt",
        [".jpg"] = "image/jpeg",
    };

    public static IReadOnlyCollection<string> Extensions => ByExtension.Keys;

    /// <summary>The Content-Type for <paramref name="path"/>, or null when its extension is not the platform's.</summary>
    public static string? Find(string path) => ByExtension.GetValueOrDefault(Path.GetExtension(path));
}
