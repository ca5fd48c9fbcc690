namespace HlsEncoder.Ladder;

/// <summary>Luma statistics of one 8-bit limited-range frame, as ffmpeg's signalstats measures them (black is 16, white 235).</summary>
internal readonly record struct FrameStats(double Average, double Min, double Max)
{
    /// <summary>How far after the seek point the frame lies.</summary>
    public TimeSpan Offset { get; init; }
}

/// <summary>
/// Which frame becomes poster.jpg, and at what size. Without -PosterTime the candidates are 10 %, 25 % and
/// 50 % into the video, and the first one that is usable wins: not near-black (mean luma of at least 32,
/// or a pixel of at least 96, so a dark slide with white text passes and the black start of a fade-in does
/// not) and not flat (at least 32 levels between its darkest and brightest pixel, so a blank title card is
/// passed over). When none is usable, the one with the widest luma range is taken. 10 % rather than the
/// first frame, because talks and screen recordings open on black, fades and count-downs.
/// The poster is the top rendition's size, at most 1280 px wide: a player shows it at the player's size,
/// and 1280 px keeps it sharp on a laptop while a 1080p poster would weigh about twice as much.
/// </summary>
internal static class PosterRule
{
    public const int MaxWidth = 1280;

    public static readonly double[] CandidateFractions = [0.10, 0.25, 0.50];

    public static IReadOnlyList<TimeSpan> Candidates(TimeSpan duration) =>
        CandidateFractions.Select(f => TimeSpan.FromMilliseconds(Math.Round(duration.TotalMilliseconds * f))).ToArray();

    public static (int Width, int Height) Size(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            return (MaxWidth, MaxWidth * 9 / 16);
        }

        if (width <= MaxWidth)
        {
            return (width, height);
        }

        var scaled = (int)Math.Round(height * (double)MaxWidth / width / 2) * 2;
        return (MaxWidth, Math.Max(2, scaled));
    }

    public static bool IsNearBlack(FrameStats stats) => stats.Average < 32 && stats.Max < 96;

    public static bool IsFlat(FrameStats stats) => stats.Max - stats.Min < 32;

    public static bool IsUsable(FrameStats stats) => !IsNearBlack(stats) && !IsFlat(stats);

    /// <summary>The index of the candidate to use: the first usable one, else the one with the widest luma range (the earliest of equals).</summary>
    public static int Choose(IReadOnlyList<FrameStats> candidates)
    {
        ArgumentOutOfRangeException.ThrowIfZero(candidates.Count);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (IsUsable(candidates[i]))
            {
                return i;
            }
        }

        var best = 0;
        for (var i = 1; i < candidates.Count; i++)
        {
            if (candidates[i].Max - candidates[i].Min > candidates[best].Max - candidates[best].Min)
            {
                best = i;
            }
        }

        return best;
    }
}
