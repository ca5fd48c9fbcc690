namespace HlsEncoder.Publishing;

/// <summary>Where one video's job stands: the overall percentage, the phase, and what that phase is doing.</summary>
public sealed record PublishProgress(string SourcePath, PublishPhase Phase, int Percent, double PhasePercent, string Detail, TimeSpan? PhaseTimeLeft);
