using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace HlsEncoder.Packaging;

/// <summary>
/// What identifies a video's content, whatever its file is called or where it lies: the SHA-256 of the
/// source's bytes, read whole. Measured on these 2-core machines: 4 GB in 3.4-4.3 s from the page
/// cache and 6.3 s cold (0.7-1.3 GB/s), against about 30 minutes to encode the hour of 1080p such a
/// file holds; a hash of sampled blocks would save those seconds but could miss an edit. Each file is
/// hashed once per process (and the package manifest and publication state keep it across runs).
/// </summary>
public static class ContentHash
{
    private const int BufferSize = 1 << 20;
    private static readonly UTF8Encoding UTF8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly ConcurrentDictionary<SourceFingerprint, string> Known = new();

    /// <summary>The SHA-256 of <paramref name="path"/>'s bytes, in lower-case hex.</summary>
    public static async Task<string> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileInfo(Path.GetFullPath(path));
        var fingerprint = SourceFingerprint.Of(file);
        if (Known.TryGetValue(fingerprint, out var known))
        {
            return known;
        }

        await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var hash = Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false)).ToLowerInvariant();
        Known[fingerprint] = hash;
        return hash;
    }

    /// <summary>The SHA-256 of <paramref name="path"/>'s bytes, in lower-case hex, read on this thread.</summary>
    public static string OfFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileInfo(Path.GetFullPath(path));
        var fingerprint = SourceFingerprint.Of(file);
        if (Known.TryGetValue(fingerprint, out var known))
        {
            return known;
        }

        using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        var hash = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        Known[fingerprint] = hash;
        return hash;
    }

    /// <summary>
    /// The content hash of <paramref name="package"/>: the one it carries, else (a package of HlsEncoder 0.1)
    /// its source's when the source is still there, else its files'.
    /// </summary>
    public static string Of(HlsPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        if (package.ContentHash is { } carried)
        {
            return carried;
        }

        if (package.SourcePath.Length > 0 && File.Exists(package.SourcePath))
        {
            return OfFile(package.SourcePath);
        }

        var folder = Path.GetFullPath(package.OutputPath);
        return OfPackageFiles(folder, Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(r => !r.Split('/').Any(part => part.StartsWith('.'))));
    }

    /// <summary>Remembers a hash recorded earlier (in a manifest or a state file) for the file as it is now.</summary>
    internal static void Remember(SourceFingerprint fingerprint, string hash) => Known[fingerprint] = hash;

    /// <summary>
    /// The identity of a package another tool made, which has no source to hash: the SHA-256 over each
    /// playlist's path and bytes and each other file's path and size (segments are not read; a different
    /// encode differs in its playlists and sizes), in ordinal order of the paths.
    /// </summary>
    /// <param name="folder">The package folder.</param>
    /// <param name="relativePaths">Its files, relative to the folder with forward slashes.</param>
    public static string OfPackageFiles(string folder, IEnumerable<string> relativePaths)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(relativePaths);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var relative in relativePaths.Order(StringComparer.Ordinal))
        {
            var full = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
            hash.AppendData(UTF8.GetBytes(relative + "\n"));
            if (relative.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase))
            {
                hash.AppendData(File.ReadAllBytes(full));
            }
            else
            {
                hash.AppendData(UTF8.GetBytes($"{new FileInfo(full).Length}\n"));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
