namespace HlsEncoder.Ladder;

/// <summary>
/// The x264 presets HlsEncoder accepts: each slower one spends more time for fewer bytes at the same
/// quality. ultrafast is left out because it silently drops to Constrained Baseline, whatever the
/// profile asked for, and placebo because it buys nothing measurable.
/// </summary>
public static class X264Preset
{
    public const string Default = "veryfast";

    public static IReadOnlyList<string> Names { get; } = ["superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"];

    public static string? Check(string? preset) =>
        Names.Contains(preset?.Trim().ToLowerInvariant())
            ? null
            : $"'{preset}' is not an x264 preset HlsEncoder uses; use one of {string.Join(", ", Names)} (ultrafast would give Constrained Baseline instead of High).";

    internal static string Normalize(string? preset) =>
        Check(preset) is { } problem
            ? throw new HlsEncoderException("InvalidPreset", FailureKind.InvalidArgument, problem, preset)
            : preset!.Trim().ToLowerInvariant();
}
