namespace HlsEncoder.Packaging;

/// <summary>
/// Turns a URI written in a playlist into a file of the package folder. A package is uploaded as a
/// folder and played from wherever it lands, so only relative URIs that stay inside the folder can
/// work there: a URL would still be fetched from its old host, and an absolute path or a '..' that
/// climbs out would point at nothing once uploaded.
/// </summary>
internal static class PackageUri
{
    /// <param name="folder">The package folder (full path).</param>
    /// <param name="baseDirectory">The folder of the playlist the URI is written in (full path): relative URIs start there.</param>
    /// <param name="uri">The URI as written.</param>
    /// <param name="problem">Why the URI cannot be a file of the package, when null is returned.</param>
    /// <returns>The file's path relative to <paramref name="folder"/> with forward slashes, or null.</returns>
    public static string? Resolve(string folder, string baseDirectory, string uri, out string problem)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        ArgumentNullException.ThrowIfNull(uri);
        var scheme = SchemeLength(uri);
        problem = scheme > 1 ? $"{uri} is an absolute URL"
            : scheme == 1 || uri.StartsWith('/') || uri.StartsWith('\\') || Path.IsPathRooted(uri) ? $"{uri} is an absolute path"
            : string.Empty;
        if (problem.Length > 0)
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(baseDirectory, uri));
        // A URI may percent-encode what the file name holds plainly ("my%20talk.ts" for "my talk.ts"); a
        // name that itself holds '%' (as ffmpeg writes it) is tried first.
        if (!File.Exists(full) && uri.Contains('%', StringComparison.Ordinal))
        {
            var decoded = Path.GetFullPath(Path.Combine(baseDirectory, Uri.UnescapeDataString(uri)));
            full = File.Exists(decoded) ? decoded : full;
        }

        var relative = Path.GetRelativePath(folder, full).Replace(Path.DirectorySeparatorChar, '/');
        if (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            problem = $"{uri} points outside the folder";
            return null;
        }

        return relative;
    }

    /// <summary>The length of the URI's scheme ("https" in https://...), or 0 when it has none (RFC 3986 section 3.1).</summary>
    private static int SchemeLength(string uri)
    {
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && char.IsAsciiLetter(uri[0]) && uri[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.') ? colon : 0;
    }
}
