using System.Globalization;

namespace HlsEncoder.Diagnostics;

/// <summary>
/// Free space on the volume of the folder where videos and their packages live. A package is written
/// beside its source (a temporary folder renamed into place on the same volume), so that volume is the
/// one that fills. The default ladder (1080p, 720p, 480p) is capped at 6 + 3 + 1.5 Mb/s of video and
/// 0.35 Mb/s of audio, about 4.9 GB for an hour of camera footage at the caps; a slide lecture takes a
/// tenth of that or less. Hence: under 2 GB fails (an hour of footage would not fit, and a full disk
/// stops every encode midway), under 10 GB warns (about two hours at the caps).
/// </summary>
public static class DiskSpaceCheck
{
    /// <summary>2 GB (decimal, as disks are sold): less fails.</summary>
    public const long MinimumFreeBytes = 2_000_000_000;

    /// <summary>10 GB: less warns.</summary>
    public const long WarningFreeBytes = 10_000_000_000;

    public static EnvironmentCheck Run(string folder) => Run(folder, MinimumFreeBytes, WarningFreeBytes);

    /// <summary>The same check with other thresholds: for the tests, which cannot fill a disk.</summary>
    internal static EnvironmentCheck Run(string folder, long minimumFreeBytes, long warningFreeBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        const string Name = EnvironmentCheckNames.DiskSpace;
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!Directory.Exists(full))
        {
            return EnvironmentCheck.Failed(Name,
                File.Exists(full) ? $"{full} is a file, not a folder." : $"The folder {full} does not exist.",
                $"Pass -Path with the folder where the videos and their packages live, or create it first: New-Item -ItemType Directory -Path '{full}'");
        }

        long free;
        string volume;
        try
        {
            // On Linux and macOS this asks statvfs about the folder itself, so bind mounts and links count right.
            var drive = new DriveInfo(OperatingSystem.IsWindows() ? Path.GetPathRoot(full)! : full);
            free = drive.AvailableFreeSpace;
            volume = VolumeOf(full) ?? drive.Name;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return EnvironmentCheck.Warning(Name, $"The free space of {full} cannot be measured: {e.Message}",
                $"Check the free space of that volume or share yourself: HlsEncoder needs at least {Gb(minimumFreeBytes)} free there, {Gb(warningFreeBytes)} for long videos.");
        }

        var detail = $"{Gb(free)} free on {volume}, the volume of {full}.";
        if (free < minimumFreeBytes)
        {
            return EnvironmentCheck.Failed(Name, $"{detail} Encoding needs at least {Gb(minimumFreeBytes)}: an hour of video at the default ladder's bit-rate caps takes about 4.9 GB.",
                $"Free at least {Gb(Math.Max(minimumFreeBytes - free, 100_000_000))} more on {volume} (remove packages already published, or publish with -DeleteLocal so that packages are removed once published), or work in a folder on a larger volume and pass it as -Path.");
        }

        if (free < warningFreeBytes)
        {
            return EnvironmentCheck.Warning(Name, $"{detail} Under {Gb(warningFreeBytes)}, long or many videos may not fit: an hour at the default ladder's bit-rate caps takes about 4.9 GB.",
                $"Free space on {volume} before encoding long or many videos (publish with -DeleteLocal to remove packages once published), or work on a larger volume.");
        }

        return EnvironmentCheck.Passed(Name, detail);
    }

    /// <summary>The mount point (Linux, macOS) or drive (Windows) the folder is on: the longest root that holds it.</summary>
    private static string? VolumeOf(string folder)
    {
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string? best = null;
        foreach (var drive in DriveInfo.GetDrives())
        {
            var root = drive.RootDirectory.FullName;
            var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
            var holds = string.Equals(Path.TrimEndingDirectorySeparator(root), folder, comparison) || folder.StartsWith(prefix, comparison);
            if (holds && (best is null || root.Length > best.Length))
            {
                best = root;
            }
        }

        return best;
    }

    private static string Gb(long bytes) => $"{(bytes / 1e9).ToString("0.0", CultureInfo.InvariantCulture)} GB";
}
