namespace HlsEncoder.Packaging;

/// <summary>Keeps a package folder's manifest in step with its <see cref="HlsPackage"/>, e.g. after a transcript was attached.</summary>
public static class HlsPackageWriter
{
    /// <summary>
    /// Rewrites the manifest of <paramref name="package"/>'s folder with the package's facts (renditions,
    /// duration, transcript), keeping the recorded source and settings. Written atomically.
    /// </summary>
    /// <exception cref="HlsEncoderException">ErrorId "NotAnHlsPackage" when the folder is not a complete package.</exception>
    public static void SaveManifest(HlsPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var (manifest, _) = HlsPackageReader.Load(Path.TrimEndingDirectorySeparator(Path.GetFullPath(package.OutputPath)));
        manifest.SetFacts(package);
        manifest.Write(package.OutputPath);
    }
}
