namespace HlsEncoder.Backend;

/// <summary>
/// One presigned PUT. <see cref="SignedUrl"/> is a credential for S3: it stays inside the engine and
/// ToString never shows its query string.
/// </summary>
public sealed class PresignedUpload
{
    internal PresignedUpload(string key, string contentType, Uri signedUrl, Uri? downloadUrl)
    {
        Key = key;
        ContentType = contentType;
        SignedUrl = signedUrl;
        DownloadUrl = downloadUrl;
    }

    public string Key { get; }

    public string ContentType { get; }

    internal Uri SignedUrl { get; }

    public Uri? DownloadUrl { get; }

    public override string ToString() => $"{Key} -> {Redaction.Url(SignedUrl)}";
}
