using System.Net;
using System.Security.Cryptography;

namespace HlsEncoder.Upload;

/// <summary>
/// A file streamed from disk as a PUT body with a known Content-Length (S3 refuses chunked uploads),
/// hashing it on the way for the ETag check and reporting each chunk for progress.
/// </summary>
internal sealed class FileUploadContent : HttpContent
{
    private const int BufferSize = 1 << 16;
    private readonly FileStream _file;
    private readonly long _length;
    private readonly Action<long> _onBytes;
    private byte[]? _md5;

    /// <summary>Opens the file now, so that a missing or changed file fails before any request.</summary>
    /// <param name="onBytes">Told the bytes sent so far, after each chunk.</param>
    public FileUploadContent(UploadItem item, Action<long> onBytes)
    {
        _file = new FileStream(item.LocalPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        _length = _file.Length;
        if (_length != item.Size)
        {
            _file.Dispose();
            throw new FileChangedException(item);
        }

        _onBytes = onBytes;
        Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(item.ContentType);
        Headers.ContentLength = _length;
    }

    /// <summary>The MD5 of what was sent, as lowercase hex, once the body has been written.</summary>
    public string? Md5Hex => _md5 is null ? null : Convert.ToHexString(_md5).ToLowerInvariant();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[BufferSize];
        long sent = 0;
        int read;
        while ((read = await _file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            sent += read;
            _onBytes(sent);
        }

        if (sent != _length)
        {
            throw new IOException($"{_file.Name} changed size while it was being uploaded ({sent} bytes read, {_length} expected).");
        }

        _md5 = md5.GetHashAndReset();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>The file is not the one that was planned: it changed or vanished since the upload began.</summary>
internal sealed class FileChangedException(UploadItem item)
    : HlsEncoderException("UploadFileChanged", FailureKind.InvalidData,
        $"{item.RelativePath} changed size since the upload started; run the upload again to send the new version.", item.RelativePath);
