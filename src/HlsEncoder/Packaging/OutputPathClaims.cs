namespace HlsEncoder.Packaging;

/// <summary>
/// The package folders one command has used so far, so that two videos of one batch are never encoded
/// into the same folder (a CSV row or a script block that gives every video the same -OutputPath), where
/// the second would replace the first.
/// </summary>
public sealed class OutputPathClaims
{
    private readonly Dictionary<string, string> _sourceByFolder = new(HostPlatform.Current.PathComparer);

    /// <summary>Records that <paramref name="sourcePath"/> goes to <paramref name="outputPath"/>; the same pair again is fine.</summary>
    /// <exception cref="HlsEncoderException">ErrorId "OutputPathConflict" when another video of this command went there.</exception>
    public void Claim(string sourcePath, string outputPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputPath));
        var source = Path.GetFullPath(sourcePath);
        if (_sourceByFolder.TryGetValue(folder, out var earlier) && !HostPlatform.Current.PathEquals(earlier, source))
        {
            throw new HlsEncoderException("OutputPathConflict", FailureKind.ResourceExists,
                $"{source} would be encoded into {folder}, where {earlier} was just encoded. Give each video its own -OutputPath, e.g. -OutputPath {{ \"/srv/hls/$($_.BaseName)\" }}.",
                source);
        }

        _sourceByFolder[folder] = source;
    }
}
