namespace HlsEncoder.Packaging;

/// <summary>Rebuilds an <see cref="HlsPackage"/> from a package folder: one Invoke-HlsEncode wrote, or any complete HLS folder.</summary>
public static class HlsPackageReader
{
    /// <summary>
    /// Reads the package in <paramref name="folder"/>, checking that it is complete. A folder Invoke-HlsEncode
    /// wrote is read from its manifest, which already holds every fact (the fast path); any other folder
    /// is measured from its master playlist (see <see cref="HlsFolderReader"/>). Either way the master
    /// playlist, every media playlist (ended) and every segment they list must be there.
    /// </summary>
    /// <exception cref="HlsEncoderException">ErrorId "NotAnHlsPackage" when the folder is not a complete package.</exception>
    public static HlsPackage Read(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return !Directory.Exists(full) || File.Exists(Path.Combine(full, PackageManifest.FileName))
            ? Load(full).Package
            : HlsFolderReader.Read(full);
    }

    internal static (PackageManifest Manifest, HlsPackage Package) Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw NotAPackage(folder, "it does not exist");
        }

        if (!File.Exists(Path.Combine(folder, PackageManifest.FileName)))
        {
            throw NotAPackage(folder, $"it has no {PackageManifest.FileName} (only a package that Invoke-HlsEncode finished has one)");
        }

        PackageManifest manifest;
        try
        {
            manifest = PackageManifest.Read(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw NotAPackage(folder, $"its {PackageManifest.FileName} cannot be read ({e.Message})", e);
        }

        HlsPackage package;
        try
        {
            package = manifest.ToPackage(folder);
        }
        catch (ArgumentException e)
        {
            throw NotAPackage(folder, $"its {PackageManifest.FileName} is incomplete ({e.Message})", e);
        }

        if (!File.Exists(package.MasterPlaylist))
        {
            throw NotAPackage(folder, $"{HlsPackage.MasterPlaylistName} is missing");
        }

        foreach (var rendition in package.Renditions)
        {
            var playlist = MediaPlaylist.TryReadComplete(rendition.PlaylistPath, out var problem)
                ?? throw NotAPackage(folder, $"the {rendition.Name} rendition is incomplete: {problem}");
            if (playlist.Segments.Count != rendition.SegmentCount)
            {
                throw NotAPackage(folder, $"the {rendition.Name} playlist lists {playlist.Segments.Count} segments where the manifest recorded {rendition.SegmentCount}");
            }
        }

        foreach (var iFrames in package.IFramePlaylists)
        {
            if (MediaPlaylist.TryReadComplete(iFrames.PlaylistPath, out var problem) is null)
            {
                throw NotAPackage(folder, $"the {iFrames.Name} I-frame playlist is incomplete: {problem}");
            }
        }

        foreach (var download in new[] { package.Downloads?.VideoPath, package.Downloads?.AudioPath }.OfType<string>())
        {
            if (!File.Exists(download))
            {
                throw NotAPackage(folder, $"{Path.GetFileName(download)}, which the manifest records, is missing");
            }
        }

        var pictures = new[] { package.Poster?.Path, package.Storyboard?.VttPath }.Concat(package.Storyboard?.SheetPaths ?? []).OfType<string>();
        foreach (var picture in pictures)
        {
            if (!File.Exists(picture))
            {
                throw NotAPackage(folder, $"{Path.GetRelativePath(folder, picture)}, which the manifest records, is missing");
            }
        }

        return (manifest, package);
    }

    internal static HlsEncoderException NotAPackage(string folder, string problem, Exception? inner = null) =>
        new("NotAnHlsPackage", FailureKind.InvalidData,
            $"{folder} is not a complete HLS package: {problem}. Encode the video with Invoke-HlsEncode (add -Force to replace a broken package).", folder, inner);
}
