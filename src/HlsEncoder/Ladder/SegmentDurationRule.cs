using System.Globalization;

namespace HlsEncoder.Ladder;

/// <summary>
/// Segments are cut on keyframes, and keyframes are forced every 2 s (1 s for an odd duration), so a
/// segment duration must be a whole number of seconds for every segment to end exactly on target.
/// </summary>
public static class SegmentDurationRule
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(6);

    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(60);

    public static string? Check(TimeSpan duration) =>
        duration < Minimum || duration > Maximum || duration.Ticks % TimeSpan.TicksPerSecond != 0
            ? $"The segment duration must be a whole number of seconds from {Minimum.TotalSeconds} to {Maximum.TotalSeconds} (Apple recommends 6); got {duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s."
            : null;

    /// <summary>How often an IDR frame is forced: every 2 s when that divides the segment duration, else every second.</summary>
    internal static int KeyframeIntervalSeconds(TimeSpan segmentDuration) => (int)segmentDuration.TotalSeconds % 2 == 0 ? 2 : 1;
}
