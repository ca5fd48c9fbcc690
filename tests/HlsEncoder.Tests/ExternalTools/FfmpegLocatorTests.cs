using HlsEncoder.ExternalTools;

namespace HlsEncoder.Tests.ExternalTools;

public sealed class FfmpegLocatorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-ffmpeg-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Without_a_setting_ffmpeg_and_ffprobe_are_found_on_path()
    {
        var tools = FfmpegLocator.Locate(null);

        Assert.Equal(Path.Combine(tools.Folder, OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg"), tools.FfmpegPath);
        Assert.True(File.Exists(tools.FfprobePath));
    }

    [Fact]
    public void The_setting_may_name_the_executable_or_its_folder()
    {
        var onPath = FfmpegLocator.Locate(null);

        Assert.Equal(onPath.FfmpegPath, FfmpegLocator.Locate(onPath.FfmpegPath).FfmpegPath);
        Assert.Equal(onPath.FfprobePath, FfmpegLocator.Locate(onPath.Folder).FfprobePath);
    }

    [Fact]
    public void A_setting_that_names_nothing_usable_is_a_clear_error()
    {
        var missing = Assert.Throws<HlsEncoderException>(() => FfmpegLocator.Locate(Path.Combine(_folder, "nope")));
        var emptyFolder = Assert.Throws<HlsEncoderException>(() => FfmpegLocator.Locate(_folder));
        var lonely = Path.Combine(_folder, OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg");
        File.WriteAllText(lonely, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(lonely, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        var withoutProbe = Assert.Throws<HlsEncoderException>(() => FfmpegLocator.Locate(lonely));

        Assert.All([missing, emptyFolder, withoutProbe], e => Assert.Equal(("FfmpegNotFound", FailureKind.NotFound), (e.ErrorId, e.Kind)));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Contains("does not hold both", emptyFolder.Message, StringComparison.Ordinal);
        Assert.Contains("ffprobe was not found beside", withoutProbe.Message, StringComparison.Ordinal);
    }
}
