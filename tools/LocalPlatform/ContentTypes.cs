namespace LocalPlatform;

public static class ContentTypes
{
    public static readonly IReadOnlySet<string> Allowed = new HashSet<string>(StringComparer.Ordinal)
    {
        "application/vnd.apple.mpegurl",
        "video/mp2t",
        "video/iso.segment",
        "video/mp4",
        "audio/mp4",
        "text/plain; charset=utf-8",
        "application/json",
        "text/vtt",
        "image/jpeg",
    };
}
