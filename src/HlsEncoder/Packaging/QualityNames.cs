namespace HlsEncoder.Packaging;

/// <summary>
/// Names the variants of a folder another tool wrote the way HlsEncoder names its own ("720p"), since
/// the name becomes the quality's key in the platform's record. A folder already named like a quality
/// (the Python converter's 720p/index.m3u8) keeps its name; otherwise the height says it; a variant
/// with neither is named after its playlist. Two variants never share a name: the later one gets "-2".
/// </summary>
internal static class QualityNames
{
    /// <param name="variants">Each variant's playlist, relative to the folder with forward slashes, and its height (0 when unknown), in master-playlist order.</param>
    public static IReadOnlyList<string> Assign(IReadOnlyList<(string Playlist, int Height)> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>(variants.Count);
        foreach (var (playlist, height) in variants)
        {
            var name = Preferred(playlist, height);
            var unique = name;
            for (var n = 2; !used.Add(unique); n++)
            {
                unique = $"{name}-{n}";
            }

            names.Add(unique);
        }

        return names;
    }

    private static string Preferred(string playlist, int height)
    {
        var slash = playlist.LastIndexOf('/');
        var folder = slash > 0 ? playlist[..slash][(playlist[..slash].LastIndexOf('/') + 1)..] : string.Empty;
        return LooksLikeQuality(folder) ? folder
            : height > 0 ? $"{height}p"
            : Path.GetFileNameWithoutExtension(playlist[(slash + 1)..]);
    }

    /// <summary>"720p", "1080p": digits and a final 'p'.</summary>
    private static bool LooksLikeQuality(string name) =>
        name.Length > 1 && name[^1] == 'p' && name[..^1].All(char.IsAsciiDigit);
}
