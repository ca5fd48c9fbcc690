using System.Management.Automation;
using HlsEncoder.Configuration;

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
        ArgumentNullException.ThrowIfNull(cmdlet);
        return new() { [SettingNames.FfmpegPath] = FfmpegPath is null ? null : cmdlet.GetUnresolvedProviderPathFromPSPath(FfmpegPath) };
    }
}
