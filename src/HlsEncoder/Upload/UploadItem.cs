namespace HlsEncoder.Upload;

/// <summary>One file of a package and the S3 object it becomes.</summary>
public sealed class UploadItem
{
    internal UploadItem(string localPath, string relativePath, string key, string contentType, long size, DateTime lastWriteTimeUtc, UploadStage stage)
    {
        LocalPath = localPath;
        RelativePath = relativePath;
        Key = key;
        ContentType = contentType;
        Size = size;
        LastWriteTimeUtc = lastWriteTimeUtc;
        Stage = stage;
    }

    public string LocalPath { get; }

    /// <summary>The path inside the package, with forward slashes, such as "720p/seg_005.ts".</summary>
    public string RelativePath { get; }

    public string Key { get; }

    public string ContentType { get; }

    public long Size { get; }

    public DateTime LastWriteTimeUtc { get; }

    public UploadStage Stage { get; }

    /// <summary>The folder of the package this file is in ("" for the package root).</summary>
    public string Folder => RelativePath.Contains('/', StringComparison.Ordinal) ? RelativePath[..RelativePath.LastIndexOf('/')] : string.Empty;

    public override string ToString() => RelativePath;
}
