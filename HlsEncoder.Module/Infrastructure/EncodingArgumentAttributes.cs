using System.Management.Automation;
using HlsEncoder.Ladder;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>Fails parameter binding for a quality HlsEncoder does not encode, naming the ones it does.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateQualityAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        var value = element is PSObject wrapped ? wrapped.BaseObject : element;
        if (QualityLevel.Check(value?.ToString()) is { } problem)
        {
            throw new ValidationMetadataException(problem);
        }
    }
}

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidatePresetAttribute : TargetRuleAttribute
{
    protected override string? Check(string? value) => X264Preset.Check(value);
}

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateSegmentDurationAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        var problem = value is TimeSpan duration ? SegmentDurationRule.Check(duration) : "Give the segment duration in seconds, such as 6.";
        if (problem is not null)
        {
            throw new ValidationMetadataException(problem);
        }
    }
}

/// <summary>Completes -Quality with the ladder's rungs, highest first.</summary>
public sealed class QualityCompleter : ValueCompleter
{
    protected override IEnumerable<CompletionCandidate> Candidates() =>
        QualityLevel.All.Select(q => new CompletionCandidate(q.Name, $"{q.Name}: short side {q.ShortSide} px, video capped at {q.MaxVideoBitrateKbps} kb/s"));
}

/// <summary>Completes -Preset with the x264 presets, fastest first.</summary>
public sealed class PresetCompleter : ValueCompleter
{
    protected override IEnumerable<CompletionCandidate> Candidates() =>
        X264Preset.Names.Select(p => new CompletionCandidate(p, p == X264Preset.Default ? $"{p} (default)" : p));
}

/// <summary>-PosterTime is not negative; whether it lies before the end is checked once the video's duration is known.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidatePosterTimeAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        var problem = value is TimeSpan time ? PosterTimeRule.Check(time, null) : "Give the poster's time in seconds (12.5) or as a time (00:01:30).";
        if (problem is not null)
        {
            throw new ValidationMetadataException(problem);
        }
    }
}
