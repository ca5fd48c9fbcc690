using HlsEncoder.Configuration;
using HlsEncoder.ExternalTools;
using HlsEncoder.Transcription;

namespace HlsEncoder.Tests;

/// <summary>The Windows rules, checked on whatever machine runs the tests.</summary>
public sealed class HostPlatformTests : IDisposable
{
    private static readonly Dictionary<string, string> Windows = new()
    {
        ["APPDATA"] = @"C:\Users\ada\AppData\Roaming",
        ["LOCALAPPDATA"] = @"C:\Users\ada\AppData\Local",
        ["XDG_CONFIG_HOME"] = "/should/not/matter",
    };

    private static readonly Dictionary<string, string> Linux = new()
    {
        ["HOME"] = "/home/ada",
        ["XDG_STATE_HOME"] = "/var/lib/ada-state",
        ["XDG_CACHE_HOME"] = "relative/is/ignored",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-platform-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void On_windows_settings_roam_and_models_and_state_stay_local()
    {
        Assert.Equal(@"C:\Users\ada\AppData\Roaming\HlsEncoder\defaults.json", UserDefaultsStore.ForCurrentUser(Windows.GetValueOrDefault, HostPlatform.Windows).Path);
        Assert.Equal(@"C:\Users\ada\AppData\Local\HlsEncoder\models", WhisperModelCache.ResolveFolder(null, Windows.GetValueOrDefault, HostPlatform.Windows));
        Assert.Equal(@"C:\Users\ada\AppData\Local\HlsEncoder\state", UserFolders.For(UserFolderKind.State, Windows.GetValueOrDefault, HostPlatform.Windows));
    }

    [Fact]
    public void Elsewhere_the_xdg_folders_are_used_when_absolute_else_the_home_folders()
    {
        Assert.Equal("/home/ada/.config/HlsEncoder/defaults.json", UserDefaultsStore.ForCurrentUser(Linux.GetValueOrDefault, HostPlatform.Unix).Path);
        Assert.Equal("/home/ada/.cache/HlsEncoder/models", WhisperModelCache.ResolveFolder(null, Linux.GetValueOrDefault, HostPlatform.Unix));
        Assert.Equal("/var/lib/ada-state/HlsEncoder", UserFolders.For(UserFolderKind.State, Linux.GetValueOrDefault, HostPlatform.Unix));
        Assert.Equal("/home/ada/.local/state/HlsEncoder", UserFolders.For(UserFolderKind.State, v => v == "HOME" ? "/home/ada" : null, HostPlatform.Unix));
    }

    [Fact]
    public void On_windows_ffmpeg_exe_is_found_on_a_semicolon_path_without_execute_bits_and_its_name_ignores_case()
    {
        var tools = Directory.CreateDirectory(Path.Combine(_folder, "ffmpeg", "bin")).FullName;
        File.WriteAllText(Path.Combine(tools, "ffmpeg.exe"), "MZ");
        File.WriteAllText(Path.Combine(tools, "ffprobe.exe"), "MZ");
        var elsewhere = Directory.CreateDirectory(Path.Combine(_folder, "elsewhere")).FullName;

        var found = FfmpegLocator.Locate(null, HostPlatform.Windows, $"{elsewhere};relative\\bin;\"{tools}\"");
        File.Move(Path.Combine(tools, "ffmpeg.exe"), Path.Combine(tools, "FFMPEG.EXE"));
        var configured = FfmpegLocator.Locate(Path.Combine(tools, "FFMPEG.EXE"), HostPlatform.Windows, null);
        var wrongName = Assert.Throws<HlsEncoderException>(() => FfmpegLocator.Locate(Path.Combine(tools, "ffprobe.exe"), HostPlatform.Windows, null));
        var unixRules = Assert.Throws<HlsEncoderException>(() => FfmpegLocator.Locate(null, HostPlatform.Unix, tools));

        Assert.Equal(Path.Combine(tools, "ffmpeg.exe"), found.FfmpegPath);
        Assert.Equal(Path.Combine(tools, "ffprobe.exe"), found.FfprobePath);
        Assert.Equal(tools, configured.Folder);
        Assert.Contains("(ffmpeg.exe)", wrongName.Message, StringComparison.Ordinal);
        Assert.Equal("FfmpegNotFound", unixRules.ErrorId);
    }

    [Theory]
    [InlineData(@"C:\Users\ada", true, true)]
    [InlineData(@"\\server\share\videos", true, true)]
    [InlineData(@"videos\week1", true, false)]
    [InlineData("/home/ada", false, true)]
    [InlineData("home/ada", false, false)]
    public void A_full_path_is_told_by_each_platforms_rules(string path, bool windows, bool expected) =>
        Assert.Equal(expected, (windows ? HostPlatform.Windows : HostPlatform.Unix).IsFullyQualified(path));

    [Fact]
    public void Paths_compare_without_case_on_windows_only()
    {
        Assert.True(HostPlatform.Windows.PathEquals(@"C:\Videos\Lecture.mp4", @"c:\videos\LECTURE.MP4"));
        Assert.False(HostPlatform.Unix.PathEquals("/videos/Lecture.mp4", "/videos/lecture.mp4"));
        Assert.Equal("ffmpeg.exe", HostPlatform.Windows.ExecutableName("ffmpeg"));
        Assert.Equal("ffmpeg", HostPlatform.Unix.ExecutableName("ffmpeg"));
    }
}
