using System.Diagnostics;
using HlsEncoder.TestAssets;

namespace HlsEncoder.Tests.Ladder;

/// <summary>Small clips made once per test class with ffmpeg's lavfi sources, in a folder of their own.</summary>
public sealed class EncodingClips : IDisposable
{
    public EncodingClips()
    {
        Folder = Directory.CreateTempSubdirectory("hlsenc-clips-").FullName;
        // A name that needs quoting on every command line, and a '%' that the HLS muxer would read as a pattern.
        var awkward = Path.Combine(Folder, OperatingSystem.IsWindows() ? "My talks 100%" : "My \"talks\" 100%");
        Directory.CreateDirectory(awkward);
        Stereo = Make(Path.Combine(awkward, "stereo clip.mp4"), 640, 360, 4, audio: true);
        Silent = Make(Path.Combine(Folder, "silent.mp4"), 320, 180, 2, audio: false);
        Long = Make(Path.Combine(Folder, "long.mp4"), 640, 360, 30, audio: true);
    }

    public string Folder { get; }

    /// <summary>640x360, 4 s, 30 fps, stereo AAC.</summary>
    public string Stereo { get; }

    /// <summary>320x180, 2 s, no audio stream.</summary>
    public string Silent { get; }

    /// <summary>640x360, 30 s: long enough to be stopped while ffmpeg runs.</summary>
    public string Long { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    public static string Probe(params string[] arguments) => ExternalTool.Run("ffprobe", ["-v", "error", .. arguments]);

    /// <summary>Command lines of running ffmpeg processes (Linux); none may mention a test's folder once it is done.</summary>
    public static IReadOnlyList<string> RunningFfmpegCommandLines() =>
        Process.GetProcessesByName("ffmpeg")
            .Select(p => File.Exists($"/proc/{p.Id}/cmdline") ? File.ReadAllText($"/proc/{p.Id}/cmdline").Replace('\0', ' ') : string.Empty)
            .ToArray();

    private static string Make(string path, int width, int height, int seconds, bool audio)
    {
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=30" };
        if (audio)
        {
            arguments.AddRange(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-ac", "2", "-c:a", "aac"]);
        }

        arguments.AddRange(["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), path]);
        ExternalTool.Run("ffmpeg", [.. arguments]);
        return path;
    }
}
