namespace HlsEncoder.Ladder;

/// <summary>
/// Picks the constant frame rate every rung is encoded at. HLS players and keyframe alignment both want
/// a constant rate, so a variable-rate source (phones, screen recorders) is resampled to the rate its
/// timestamps were laid out for, snapped to a broadcast standard when it is one within 1 %.
/// </summary>
internal static class FrameRatePolicy
{
    public const double MaximumRate = 60.5;

    private static readonly FrameRate[] Standards =
    [
        new(24000, 1001), new(24, 1), new(25, 1), new(30000, 1001), new(30, 1), new(48, 1), new(50, 1), new(60000, 1001), new(60, 1),
    ];

    private static readonly FrameRate Fallback = new(30, 1);

    public static FrameRate Choose(FrameRate average, FrameRate real)
    {
        double rate;
        if (average.IsValid && real.IsValid && Math.Abs(real.Value - average.Value) <= average.Value * 0.01)
        {
            rate = average.Value;
        }
        else if (real.IsValid && real.Value <= MaximumRate)
        {
            // Variable rate: r_frame_rate is the base rate the timestamps are laid out on; the average would judder.
            rate = real.Value;
        }
        else if (average.IsValid)
        {
            rate = average.Value;
        }
        else
        {
            return Fallback;
        }

        // 100 or 120 fps sources are halved (quartered...) rather than dropped to an uneven cadence.
        while (rate > MaximumRate)
        {
            rate /= 2;
        }

        var standard = Standards
            .Where(s => Math.Abs(s.Value - rate) <= s.Value * 0.01)
            .OrderBy(s => Math.Abs(s.Value - rate))
            .FirstOrDefault();
        if (standard.IsValid)
        {
            return standard;
        }

        if (average.IsValid && Math.Abs(average.Value - rate) < 1e-9 && average.Denominator <= 1001)
        {
            return average;
        }

        return FrameRate.Approximate(rate);
    }
}
