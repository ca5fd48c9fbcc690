using System.Management.Automation;
using HlsEncoder.Configuration;
using HlsEncoder.Module.Infrastructure;

namespace HlsEncoder.Module.Parameters;

/// <summary>Where ffmpeg is, overriding FFMPEG_PATH: -FfmpegPath (every command that runs ffmpeg).</summary>
public sealed class FfmpegParameters
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? FfmpegPath { get; set; }

    /// <summary>The setting that -FfmpegPath gives, as a path of the file system (null when not given).</summary>
    public Dictionary<string, string?> Settings(PSCmdlet cmdlet)
    {
        return new() { [SettingNames.FfmpegPath] = PathResolver.ProviderPath(cmdlet, FfmpegPath) };
    }
}
