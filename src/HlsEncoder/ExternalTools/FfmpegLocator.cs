namespace HlsEncoder.ExternalTools;

/// <summary>
/// Finds ffmpeg and ffprobe: in the file or folder named by FFMPEG_PATH (-FfmpegPath), else on PATH.
/// FFMpegCore starts both by name from one folder, so they must sit side by side.
/// </summary>
public static class FfmpegLocator
{
    /// <summary>What every "not found" message ends with: how to get ffmpeg or point at it.</summary>
    internal const string Hint = "Install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg; Windows: winget install ffmpeg) or set FFMPEG_PATH (or -FfmpegPath) to the ffmpeg executable or its folder.";

    public static FfmpegTools Locate(string? configuredPath) =>
        Locate(configuredPath, HostPlatform.Current, Environment.GetEnvironmentVariable("PATH"));

    /// <param name="platform">Whose rules: executable names (ffmpeg.exe on Windows), whether a file needs an execute bit, how PATH is split.</param>
    /// <param name="pathVariable">The PATH to search when nothing is configured.</param>
    internal static FfmpegTools Locate(string? configuredPath, HostPlatform platform, string? pathVariable)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            return FromConfigured(Path.GetFullPath(configuredPath.Trim()), platform);
        }

        foreach (var folder in SearchPath(pathVariable, platform))
        {
            if (TryFolder(folder, platform, out var tools))
            {
                return tools;
            }
        }

        throw new HlsEncoderException("FfmpegNotFound", FailureKind.NotFound, $"ffmpeg was not found on PATH. {Hint}");
    }

    private static FfmpegTools FromConfigured(string path, HostPlatform platform)
    {
        var (ffmpeg, ffprobe) = (platform.ExecutableName("ffmpeg"), platform.ExecutableName("ffprobe"));
        if (Directory.Exists(path))
        {
            return TryFolder(path, platform, out var tools)
                ? tools
                : throw Missing(path, $"FFMPEG_PATH names the folder {path}, which does not hold both {ffmpeg} and {ffprobe}.");
        }

        if (File.Exists(path))
        {
            if (!string.Equals(Path.GetFileName(path), ffmpeg, platform.PathComparison))
            {
                throw Missing(path, $"FFMPEG_PATH names {path}; it must be the ffmpeg executable itself ({ffmpeg}) or its folder, with {ffprobe} beside it.");
            }

            var beside = Path.Combine(Path.GetDirectoryName(path)!, ffprobe);
            return IsExecutableFile(path, platform) && IsExecutableFile(beside, platform)
                ? new FfmpegTools(Path.GetDirectoryName(path)!, path, beside)
                : throw Missing(path, $"{ffprobe} was not found beside {path}; HlsEncoder needs both.");
        }

        throw Missing(path, $"FFMPEG_PATH names {path}, which does not exist.");
    }

    private static bool TryFolder(string folder, HostPlatform platform, out FfmpegTools tools)
    {
        var ffmpeg = Path.Combine(folder, platform.ExecutableName("ffmpeg"));
        var ffprobe = Path.Combine(folder, platform.ExecutableName("ffprobe"));
        tools = null!;
        if (!IsExecutableFile(ffmpeg, platform) || !IsExecutableFile(ffprobe, platform))
        {
            return false;
        }

        tools = new FfmpegTools(folder, ffmpeg, ffprobe);
        return true;
    }

    /// <summary>An existing file that may run: on Windows any file (the .exe name says it), elsewhere one with an execute bit.</summary>
    private static bool IsExecutableFile(string path, HostPlatform platform)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        return platform.IsWindows || OperatingSystem.IsWindows()
            || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }

    /// <summary>PATH's folders, split as the platform does (; on Windows, : elsewhere), quotes and relative entries dropped.</summary>
    private static IEnumerable<string> SearchPath(string? pathVariable, HostPlatform platform) =>
        (pathVariable ?? string.Empty)
            .Split(platform.PathListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Trim('"'))
            .Where(Path.IsPathFullyQualified);

    private static HlsEncoderException Missing(string path, string problem) =>
        new("FfmpegNotFound", FailureKind.NotFound, $"{problem} {Hint}", path);
}
