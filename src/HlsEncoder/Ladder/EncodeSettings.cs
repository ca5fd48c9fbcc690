using HlsEncoder.Packaging;

namespace HlsEncoder.Ladder;

/// <summary>
/// The settings a package was encoded with, as the manifest records them: a package made from the same
/// source with equal settings is up to date and is not encoded again.
/// </summary>
internal sealed record EncodeSettings(IReadOnlyList<string> Qualities, int SegmentDurationSeconds, string Preset, int Recipe)
{
    /// <summary>
    /// The version of how HlsEncoder turns settings into an ffmpeg command. Raise it whenever the command
    /// changes what is encoded (filters, rate control, GOP), so that older packages count as stale.
    /// </summary>
    public const int CurrentRecipe = 1;

    public static EncodeSettings From(IReadOnlyList<QualityLevel> qualities, TimeSpan segmentDuration, string preset) =>
        new(qualities.Select(q => q.Name).ToArray(), (int)segmentDuration.TotalSeconds, preset, CurrentRecipe);

    public static EncodeSettings From(ManifestSettings recorded) =>
        new(recorded.Qualities, recorded.SegmentDurationSeconds, recorded.Preset, recorded.Recipe);

    public ManifestSettings ToManifest() => new()
    {
        Qualities = Qualities.ToList(),
        SegmentDurationSeconds = SegmentDurationSeconds,
        Preset = Preset,
        Recipe = Recipe,
    };

    public bool Matches(EncodeSettings other) =>
        other is not null
        && Qualities.SequenceEqual(other.Qualities, StringComparer.OrdinalIgnoreCase)
        && SegmentDurationSeconds == other.SegmentDurationSeconds
        && string.Equals(Preset, other.Preset, StringComparison.OrdinalIgnoreCase)
        && Recipe == other.Recipe;

    public override string ToString() => $"{string.Join(",", Qualities)}, {SegmentDurationSeconds} s segments, preset {Preset}, recipe {Recipe}";
}
