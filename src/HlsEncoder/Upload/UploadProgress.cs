namespace HlsEncoder.Upload;

/// <summary>Where an upload stands: files and bytes done, the rate, and the file most recently started.</summary>
public sealed record UploadProgress(
    int FilesDone,
    int FilesTotal,
    long BytesDone,
    long BytesTotal,
    double BytesPerSecond,
    TimeSpan? Remaining,
    int CurrentNumber,
    string? CurrentFile)
{
    public int PercentComplete => BytesTotal <= 0 ? (FilesTotal == 0 ? 100 : FilesDone * 100 / FilesTotal) : (int)Math.Min(100, BytesDone * 100 / BytesTotal);
}
