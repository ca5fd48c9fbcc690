namespace HlsEncoder.Packaging;

/// <summary>
/// Finds the master playlist of a folder another tool wrote: master.m3u8 when there is one (ffmpeg's
/// -master_pl_name and most converters), else the one top-level playlist that lists variants (AWS
/// MediaConvert names it after the job, as lecture.m3u8, beside its media playlists). Guessing between
/// two masters could upload the wrong ladder, so two are an error.
/// </summary>
internal static class MasterPlaylistLocator
{
    private static readonly EnumerationOptions TopLevelPlaylists = new() { MatchCasing = MatchCasing.CaseInsensitive, RecurseSubdirectories = false };

    /// <returns>The master playlist's full path.</returns>
    /// <exception cref="HlsEncoderException">ErrorId "NotAnHlsPackage" when the folder has none, or several.</exception>
    public static string Find(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var named = Path.Combine(folder, HlsPackage.MasterPlaylistName);
        if (File.Exists(named))
        {
            return named;
        }

        var candidates = Directory.EnumerateFiles(folder, "*.m3u8", TopLevelPlaylists)
            .Where(ListsVariants)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return candidates.Length switch
        {
            1 => candidates[0],
            0 => throw new HlsEncoderException("NotAnHlsPackage", FailureKind.InvalidData,
                $"{folder} is not an HLS package: it has no master playlist (neither {HlsPackage.MasterPlaylistName} nor another .m3u8 at its top level lists variants with #EXT-X-STREAM-INF). " +
                "Name the folder that holds the master playlist, or encode the video with Invoke-HlsEncode.", folder),
            _ => throw new HlsEncoderException("NotAnHlsPackage", FailureKind.InvalidData,
                $"{folder} has several master playlists: {string.Join(", ", candidates.Select(Path.GetFileName))}. " +
                $"Keep the one to upload (or rename it {HlsPackage.MasterPlaylistName}) and move the others out of the folder.", folder),
        };
    }

    private static bool ListsVariants(string path)
    {
        try
        {
            return MasterPlaylist.ListsVariants(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A playlist that cannot be read cannot be the master to upload either.
            return false;
        }
    }
}
