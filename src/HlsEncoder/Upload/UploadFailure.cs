namespace HlsEncoder.Upload;

/// <summary>A file that did not reach S3, and why; the state keeps it for the next run.</summary>
public sealed record UploadFailure(string RelativePath, string Key, string ErrorId, FailureKind Kind, string Message)
{
    internal Exception? Exception { get; init; }

    public override string ToString() => $"{RelativePath}: {Message}";
}
