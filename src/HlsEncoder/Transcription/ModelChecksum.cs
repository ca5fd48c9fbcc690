using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace HlsEncoder.Transcription;

/// <summary>SHA-1 and SHA-256 of a file computed as its bytes arrive, so a resumed download is hashed once.</summary>
internal sealed partial class ModelChecksum : IDisposable
{
    private IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
    private IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        _sha1.AppendData(bytes);
        _sha256.AppendData(bytes);
    }

    public void Reset()
    {
        Dispose();
        _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    /// <summary>Hashes the first <paramref name="length"/> bytes of <paramref name="stream"/> from its start.</summary>
    public async Task AppendAsync(Stream stream, long length, CancellationToken cancellationToken)
    {
        stream.Position = 0;
        var buffer = new byte[1 << 20];
        var left = length;
        while (left > 0)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            Append(buffer.AsSpan(0, read));
            left -= read;
        }
    }

    /// <summary>Lower-case hex of both hashes so far; the running hashes go on.</summary>
    public (string Sha1, string Sha256) Current() =>
        (Convert.ToHexString(_sha1.GetCurrentHash()).ToLowerInvariant(), Convert.ToHexString(_sha256.GetCurrentHash()).ToLowerInvariant());

    public static async Task<(string Sha1, string Sha256)> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        using var checksum = new ModelChecksum();
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
        await checksum.AppendAsync(stream, stream.Length, cancellationToken).ConfigureAwait(false);
        return checksum.Current();
    }

    /// <summary>Returns the problem with a hex checksum of <paramref name="hexDigits"/> digits, or null.</summary>
    public static string? Check(string? value, int hexDigits, string name) =>
        value is null || (value.Length == hexDigits && Hex().IsMatch(value))
            ? null
            : $"{name} must be {hexDigits} hexadecimal digits.";

    public void Dispose()
    {
        _sha1.Dispose();
        _sha256.Dispose();
    }

    [GeneratedRegex("^[0-9a-fA-F]+$")]
    private static partial Regex Hex();
}
