namespace HlsEncoder.Packaging;

/// <summary>Keeps a package folder's manifest in step with its <see cref="HlsPackage"/>, e.g. after a transcript was attached.</summary>
public static class HlsPackageWriter
{
    /// <summary>
    /// Rewrites the manifest of <paramref name="package"/>'s folder with the package's facts (renditions,
    /// duration, transcript, content hash), keeping the recorded source and settings. Only the manifest is
    /// read: the package is described by <paramref name="package"/>, not read from disk again. Written
    /// atomically.
    /// </summary>
    /// <exception cref="HlsEncoderException">ErrorId "NotAnHlsPackage" when the folder has no manifest, or one that cannot be read.</exception>
    public static void SaveManifest(HlsPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(package.OutputPath));
        PackageManifest manifest;
        try
        {
            manifest = PackageManifest.Read(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HlsEncoderException("NotAnHlsPackage", FailureKind.InvalidData,
                $"{folder} is not a package HlsEncoder made: its {PackageManifest.FileName} cannot be read ({e.Message}). Encode the video again with Invoke-HlsEncode.", folder, e);
        }

        manifest.SetFacts(package);
        manifest.Write(folder);
    }
}
