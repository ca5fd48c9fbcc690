using HlsEncoder.TestAssets;

namespace HlsEncoder.Tests.Publishing;

/// <summary>Short test-pattern videos with a tone; a different frequency gives different bytes, so a different video key.</summary>
internal static class PublishClips
{
    public static string Make(string root, string relative, int seconds, int frequency = 440)
    {
        var path = Path.Combine(root, "media", relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ExternalTool.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", $"sine=frequency={frequency}",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), path);
        return path;
    }
}
