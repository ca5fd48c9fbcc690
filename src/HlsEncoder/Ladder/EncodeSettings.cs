using HlsEncoder.Packaging;

namespace HlsEncoder.Ladder;

/// <summary>
/// The settings a package was encoded with, as the manifest records them: a package made from the same
/// source with equal settings is up to date and is not encoded again.
/// </summary>
/// <param name="LoudnessTarget">The loudness the sound is normalized to (LUFS); null when normalization is off, as in every package made before it existed.</param>
internal sealed record EncodeSettings(IReadOnlyList<string> Qualities, int SegmentDurationSeconds, string Preset, int Recipe, double? LoudnessTarget = null)
{
    /// <summary>
    /// The version of how HlsEncoder turns settings into an ffmpeg command. Raise it whenever the command
    /// changes what is encoded (filters, rate control, GOP), so that older packages count as stale.
    /// </summary>
    public const int CurrentRecipe = 1;

    public static EncodeSettings From(IReadOnlyList<QualityLevel> qualities, TimeSpan segmentDuration, string preset, double? loudnessTarget = null) =>
        new(qualities.Select(q => q.Name).ToArray(), (int)segmentDuration.TotalSeconds, preset, CurrentRecipe, loudnessTarget);

    public static EncodeSettings From(ManifestSettings recorded) =>
        new(recorded.Qualities, recorded.SegmentDurationSeconds, recorded.Preset, recorded.Recipe, recorded.LoudnessTarget);

    public ManifestSettings ToManifest() => new()
    {
        Qualities = Qualities.ToList(),
        SegmentDurationSeconds = SegmentDurationSeconds,
        Preset = Preset,
        Recipe = Recipe,
        LoudnessTarget = LoudnessTarget,
    };

    public bool Matches(EncodeSettings other) =>
        other is not null
        && Qualities.SequenceEqual(other.Qualities, StringComparer.OrdinalIgnoreCase)
        && SegmentDurationSeconds == other.SegmentDurationSeconds
        && string.Equals(Preset, other.Preset, StringComparison.OrdinalIgnoreCase)
        && Recipe == other.Recipe
        && LoudnessTarget == other.LoudnessTarget;

    public override string ToString() =>
        $"{string.Join(",", Qualities)}, {SegmentDurationSeconds} s segments, preset {Preset}, recipe {Recipe}, " +
        (LoudnessTarget is { } target ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"loudness {target:0.#} LUFS") : "loudness not normalized");
}
