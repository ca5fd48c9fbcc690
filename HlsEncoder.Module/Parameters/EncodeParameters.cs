using System.Management.Automation;
using HlsEncoder.Ladder;
using HlsEncoder.Module.Infrastructure;

namespace HlsEncoder.Module.Parameters;

/// <summary>How a video is encoded and what the package holds: -Quality, -SegmentDuration, -Preset, -NoIFramePlaylist, -Download, -NoPoster, -PosterTime, -NoStoryboard, -NoLoudnessNormalization (Invoke-HlsEncode, Publish-HlsVideo).</summary>
public sealed class EncodeParameters
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateQuality]
    [ArgumentCompleter(typeof(QualityCompleter))]
    public string[] Quality { get; set; } = [.. QualityLevel.DefaultNames];

    [Parameter]
    [DurationTransformation]
    [ValidateSegmentDuration]
    public TimeSpan SegmentDuration { get; set; } = SegmentDurationRule.Default;

    [Parameter]
    [ValidatePreset]
    [ArgumentCompleter(typeof(PresetCompleter))]
    public string Preset { get; set; } = X264Preset.Default;

    [Parameter]
    public SwitchParameter NoIFramePlaylist { get; set; }

    [Parameter]
    public SwitchParameter Download { get; set; }

    [Parameter]
    public SwitchParameter NoPoster { get; set; }

    [Parameter]
    [DurationTransformation]
    [ValidatePosterTime]
    public TimeSpan? PosterTime { get; set; }

    [Parameter]
    public SwitchParameter NoStoryboard { get; set; }

    // A switch, not a -Loudness <LUFS> target: one target (-16 LUFS, true peak -1 dBTP) suits speech heard
    // online, and a free number would add a setting to every package's "up to date" check and a way to
    // publish one course's videos at different levels, which is what normalization is there to prevent.
    [Parameter]
    public SwitchParameter NoLoudnessNormalization { get; set; }
}
