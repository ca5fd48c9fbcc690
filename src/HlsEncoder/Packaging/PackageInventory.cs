namespace HlsEncoder.Packaging;

/// <summary>
/// Every file a master playlist leads to, checked before anything is derived from them: each variant,
/// alternate rendition and I-frame playlist exists, is readable, is finished (#EXT-X-ENDLIST), lists a
/// segment, and every segment and init segment it names lies inside the folder. An incomplete folder
/// would upload as a video that stops playing part way, so all problems are gathered into one error.
/// </summary>
internal sealed class PackageInventory
{
    private const string WhatToDo =
        "Copy the whole folder again, or export it again from the tool that made it: every playlist must be finished (#EXT-X-ENDLIST) " +
        "and name its files by relative paths inside the folder";

    private readonly Dictionary<string, string> _playlistOfUri;
    private readonly Dictionary<string, MediaPlaylist> _playlists;

    private PackageInventory(string folder, string masterPath, MasterPlaylist master, Dictionary<string, string> playlistOfUri, Dictionary<string, MediaPlaylist> playlists, IReadOnlyList<string> files)
    {
        Folder = folder;
        MasterPath = masterPath;
        Master = master;
        _playlistOfUri = playlistOfUri;
        _playlists = playlists;
        Files = files;
    }

    /// <summary>The package folder (full path).</summary>
    public string Folder { get; }

    /// <summary>The master playlist (full path).</summary>
    public string MasterPath { get; }

    public MasterPlaylist Master { get; }

    /// <summary>Every file of the package, relative to <see cref="Folder"/> with forward slashes: master, media playlists, segments, init segments.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The media playlist a URI of the master playlist names, relative to <see cref="Folder"/>.</summary>
    public string PlaylistOf(string masterUri) => _playlistOfUri[masterUri];

    /// <summary>The media playlist a URI of the master playlist names, as read.</summary>
    public MediaPlaylist MediaPlaylistOf(string masterUri) => _playlists[PlaylistOf(masterUri)];

    public string FullPath(string relative) => Path.Combine(Folder, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <param name="folder">The package folder (full path, no trailing separator).</param>
    /// <param name="masterPath">Its master playlist (full path).</param>
    /// <exception cref="HlsEncoderException">ErrorId "NotAnHlsPackage", listing every problem, when the folder is incomplete.</exception>
    public static PackageInventory Take(string folder, string masterPath)
    {
        var masterName = Path.GetRelativePath(folder, masterPath).Replace(Path.DirectorySeparatorChar, '/');
        var problems = new ProblemList();
        MasterPlaylist master;
        try
        {
            master = MasterPlaylist.Read(masterPath);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"{masterName} is not a master playlist ({e.Message})");
            throw problems.ToException(folder, WhatToDo);
        }

        if (master.Variants.Count == 0)
        {
            problems.Add($"{masterName} lists no variant (#EXT-X-STREAM-INF)");
            throw problems.ToException(folder, WhatToDo);
        }

        var files = new List<string> { masterName };
        var playlistOfUri = new Dictionary<string, string>(StringComparer.Ordinal);
        var playlists = new Dictionary<string, MediaPlaylist>(StringComparer.Ordinal);
        var checkedPlaylists = new HashSet<string>(StringComparer.Ordinal);
        var masterUris = master.Variants.Select(v => v.Uri)
            .Concat(master.Media.Select(m => m.Uri).OfType<string>())
            .Concat(master.IFrameStreams.Select(i => i.Uri))
            .Distinct(StringComparer.Ordinal);
        var masterDirectory = Path.GetDirectoryName(masterPath)!;
        foreach (var uri in masterUris)
        {
            var relative = PackageUri.Resolve(folder, masterDirectory, uri, out var problem);
            if (relative is null)
            {
                problems.Add($"{problem} (in {masterName})");
                continue;
            }

            playlistOfUri[uri] = relative;
            if (checkedPlaylists.Add(relative) && Check(folder, masterName, relative, problems, files) is { } playlist)
            {
                playlists[relative] = playlist;
            }
        }

        return problems.Count == 0
            ? new PackageInventory(folder, masterPath, master, playlistOfUri, playlists, files.Distinct(StringComparer.Ordinal).ToArray())
            : throw problems.ToException(folder, WhatToDo);
    }

    /// <summary>Checks one media playlist and the files it names, adding what is wrong to <paramref name="problems"/> and what is there to <paramref name="files"/>.</summary>
    private static MediaPlaylist? Check(string folder, string masterName, string relative, ProblemList problems, List<string> files)
    {
        var full = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
        if (!File.Exists(full))
        {
            problems.Add($"{relative} is missing (listed in {masterName})");
            return null;
        }

        MediaPlaylist playlist;
        try
        {
            playlist = MediaPlaylist.Read(full);
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or OverflowException)
        {
            problems.Add($"{relative} cannot be read as a media playlist ({e.Message})");
            return null;
        }

        files.Add(relative);
        if (!playlist.HasEndList)
        {
            problems.Add($"{relative} has no #EXT-X-ENDLIST (it was cut short, or is still being written)");
        }

        if (playlist.Segments.Count == 0)
        {
            problems.Add($"{relative} lists no segment");
        }

        var directory = Path.GetDirectoryName(full)!;
        foreach (var uri in playlist.Files)
        {
            var file = PackageUri.Resolve(folder, directory, uri, out var problem);
            if (file is null)
            {
                problems.Add($"{problem} (in {relative})");
            }
            else if (!File.Exists(Path.Combine(folder, file.Replace('/', Path.DirectorySeparatorChar))))
            {
                problems.Add($"{file} is missing (listed in {relative})");
            }
            else
            {
                files.Add(file);
            }
        }

        return playlist;
    }
}
