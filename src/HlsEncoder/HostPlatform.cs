namespace HlsEncoder;

/// <summary>
/// The conventions of the operating system the engine runs on that its code depends on: executable
/// names, how PATH separates folders, how paths compare and are joined, and where per-user folders are.
/// Code takes one of these (the current one by default), so the Windows rules are tested on Linux too.
/// </summary>
public sealed record HostPlatform(bool IsWindows, char DirectorySeparator, char PathListSeparator)
{
    public static HostPlatform Windows { get; } = new(IsWindows: true, '\\', ';');

    public static HostPlatform Unix { get; } = new(IsWindows: false, '/', ':');

    /// <summary>The platform this process runs on.</summary>
    public static HostPlatform Current { get; } = OperatingSystem.IsWindows() ? Windows : Unix;

    /// <summary>Windows paths do not care about case; Linux ones do (macOS is treated as Unix here, as its file system may).</summary>
    public StringComparison PathComparison => IsWindows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public StringComparer PathComparer => IsWindows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>A program's file name: "ffmpeg.exe" on Windows, "ffmpeg" elsewhere.</summary>
    public string ExecutableName(string tool) => IsWindows ? tool + ".exe" : tool;

    public bool PathEquals(string a, string b) => string.Equals(a, b, PathComparison);

    /// <summary>Joins folder names with this platform's separator, as Path.Combine does on it.</summary>
    public string Combine(params string[] parts) =>
        string.Join(DirectorySeparator, parts.Select((part, i) => i == 0 ? part.TrimEnd('/', '\\') : part.Trim('/', '\\')).Where(part => part.Length > 0));

    /// <summary>Whether <paramref name="path"/> is a full path on this platform (C:\ or \\server\ on Windows, / elsewhere).</summary>
    public bool IsFullyQualified(string path) =>
        IsWindows
            ? path.Length >= 3 && char.IsAsciiLetter(path[0]) && path[1] == ':' && path[2] is '\\' or '/' || path.StartsWith(@"\\", StringComparison.Ordinal)
            : path.StartsWith('/');
}
