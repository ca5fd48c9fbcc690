namespace HlsEncoder.Publishing;

/// <summary>How the one progress bar of a publish is split between its phases.</summary>
public static class PublishPhaseWeights
{
    /// <summary>Where each phase starts and ends on the overall bar: 0-55, 55-75, 75-95, 95-98, 98-100.</summary>
    public static (int Start, int End) Range(PublishPhase phase) => phase switch
    {
        PublishPhase.Encoding => (0, 55),
        PublishPhase.Transcription => (55, 75),
        PublishPhase.Upload => (75, 95),
        PublishPhase.FileRecord => (95, 98),
        _ => (98, 100),
    };

    /// <summary>The overall percentage when <paramref name="phase"/> is <paramref name="phasePercent"/> done.</summary>
    public static int Overall(PublishPhase phase, double phasePercent)
    {
        var (start, end) = Range(phase);
        return start + (int)Math.Round((end - start) * Math.Clamp(phasePercent, 0, 100) / 100);
    }
}
