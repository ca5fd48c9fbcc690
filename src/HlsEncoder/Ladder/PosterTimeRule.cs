using System.Globalization;

namespace HlsEncoder.Ladder;

/// <summary>-PosterTime names a moment inside the video: from 0 to less than its duration.</summary>
public static class PosterTimeRule
{
    /// <param name="duration">The video's duration; null checks only what is known without it (not negative).</param>
    /// <returns>Null when <paramref name="time"/> is valid; else what is wrong, naming the rule.</returns>
    public static string? Check(TimeSpan time, TimeSpan? duration) =>
        time < TimeSpan.Zero || (duration is { } d && time >= d)
            ? string.Create(CultureInfo.InvariantCulture,
                $"-PosterTime must lie inside the video: from 0 to less than its duration{(duration is { } known ? $" ({known.TotalSeconds:0.###} s)" : string.Empty)}; got {time.TotalSeconds:0.###} s.")
            : null;
}
