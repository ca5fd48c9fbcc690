namespace HlsEncoder.Packaging;

/// <summary>Identifies the exact source file a package was made from.</summary>
internal sealed record SourceFingerprint(string Path, long Size, DateTime LastWriteTimeUtc)
{
    public static SourceFingerprint Of(FileInfo file) => new(file.FullName, file.Length, file.LastWriteTimeUtc);

    public bool Matches(SourceFingerprint other) =>
        other is not null
        && HostPlatform.Current.PathEquals(Path, other.Path)
        && Size == other.Size
        && LastWriteTimeUtc == other.LastWriteTimeUtc;
}
