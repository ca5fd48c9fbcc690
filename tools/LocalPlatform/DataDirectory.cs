namespace LocalPlatform;

public sealed class DataDirectory : IDisposable
{
    private DataDirectory(string path, bool isTemporary)
    {
        Path = path;
        IsTemporary = isTemporary;
    }

    public string Path { get; }

    public bool IsTemporary { get; }

    public string S3Path => System.IO.Path.Combine(Path, "s3");

    public string FileRecordsPath => System.IO.Path.Combine(Path, "files.json");

    public string SigningKeyPath => System.IO.Path.Combine(Path, "jwt-signing.key");

    public static DataDirectory Open(string? path)
    {
        if (path is null)
        {
            return new DataDirectory(Directory.CreateTempSubdirectory("localplatform-").FullName, isTemporary: true);
        }
        Directory.CreateDirectory(path);
        return new DataDirectory(path, isTemporary: false);
    }

    public void Dispose()
    {
        if (IsTemporary && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
