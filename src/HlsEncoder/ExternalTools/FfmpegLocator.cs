namespace HlsEncoder.ExternalTools;

/// <summary>
/// Finds ffmpeg and ffprobe: in the file or folder named by FFMPEG_PATH (-FfmpegPath), else on PATH.
/// FFMpegCore starts both by name from one folder, so they must sit side by side.
/// </summary>
public static class FfmpegLocator
{
    /// <summary>What every "not found" message ends with: how to get ffmpeg or point at it.</summary>
    internal const string Hint = "Install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg; Windows: winget install ffmpeg) or set FFMPEG_PATH (or -FfmpegPath) to the ffmpeg executable or its folder.";

    public static FfmpegTools Locate(string? configuredPath)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return FromConfigured(Path.GetFullPath(configuredPath.Trim()));
        }

        foreach (var folder in SearchPath())
        {
            if (TryFolder(folder, out var tools))
            {
                return tools;
            }
        }

        throw new HlsEncoderException("FfmpegNotFound", FailureKind.NotFound, $"ffmpeg was not found on PATH. {Hint}");
    }

    private static FfmpegTools FromConfigured(string path)
    {
        if (Directory.Exists(path))
        {
            return TryFolder(path, out var tools)
                ? tools
                : throw Missing(path, $"FFMPEG_PATH names the folder {path}, which does not hold both {ExecutableName("ffmpeg")} and {ExecutableName("ffprobe")}.");
        }

        if (File.Exists(path))
        {
            var name = Path.GetFileName(path);
            if (!string.Equals(name, ExecutableName("ffmpeg"), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                throw Missing(path, $"FFMPEG_PATH names {path}; it must be the ffmpeg executable itself ({ExecutableName("ffmpeg")}) or its folder, with {ExecutableName("ffprobe")} beside it.");
            }

            var folder = Path.GetDirectoryName(path)!;
            return TryFolder(folder, out var tools)
                ? tools
                : throw Missing(path, $"{ExecutableName("ffprobe")} was not found beside {path}; HlsEncoder needs both.");
        }

        throw Missing(path, $"FFMPEG_PATH names {path}, which does not exist.");
    }

    private static bool TryFolder(string folder, out FfmpegTools tools)
    {
        var ffmpeg = Path.Combine(folder, ExecutableName("ffmpeg"));
        var ffprobe = Path.Combine(folder, ExecutableName("ffprobe"));
        tools = null!;
        if (!IsExecutableFile(ffmpeg) || !IsExecutableFile(ffprobe))
        {
            return false;
        }

        tools = new FfmpegTools(folder, ffmpeg, ffprobe);
        return true;
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        return OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }

    private static IEnumerable<string> SearchPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Trim('"'))
            .Where(Path.IsPathFullyQualified);

    private static string ExecutableName(string tool) => OperatingSystem.IsWindows() ? tool + ".exe" : tool;

    private static HlsEncoderException Missing(string path, string problem) =>
        new("FfmpegNotFound", FailureKind.NotFound, $"{problem} {Hint}", path);
}
