namespace HlsEncoder.Ladder;

/// <summary>A segment's size on disk and its playlist duration.</summary>
internal readonly record struct SegmentSize(long Bytes, TimeSpan Duration);

/// <summary>
/// Measures a variant's BANDWIDTH and AVERAGE-BANDWIDTH the way RFC 8216 (4.3.4.2) defines them: the
/// peak is the highest bit rate of any run of contiguous segments lasting 0.5 to 1.5 target durations,
/// so one tiny final segment (a lone keyframe in 40 ms) cannot claim a peak no player would ever see.
/// Sizes are whole segment files: video, audio and MPEG-TS overhead, exactly what a player downloads.
/// </summary>
internal static class BandwidthMeter
{
    public static (long Peak, long Average) Measure(IReadOnlyList<SegmentSize> segments, TimeSpan targetDuration)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0)
        {
            throw new ArgumentException("A playlist without segments has no bandwidth.", nameof(segments));
        }

        var totalBytes = segments.Sum(s => s.Bytes);
        var totalSeconds = segments.Sum(s => s.Duration.TotalSeconds);
        var average = BitsPerSecond(totalBytes, totalSeconds);

        var shortest = targetDuration.TotalSeconds * 0.5;
        var longest = targetDuration.TotalSeconds * 1.5;
        long? peak = null;
        for (var first = 0; first < segments.Count; first++)
        {
            long bytes = 0;
            double seconds = 0;
            for (var last = first; last < segments.Count; last++)
            {
                bytes += segments[last].Bytes;
                seconds += segments[last].Duration.TotalSeconds;
                if (seconds > longest + 1e-6)
                {
                    break;
                }

                if (seconds >= shortest - 1e-6)
                {
                    var rate = BitsPerSecond(bytes, seconds);
                    peak = peak is null ? rate : Math.Max(peak.Value, rate);
                }
            }
        }

        // A clip shorter than half a target duration has no such run: the whole clip is its only window.
        var measuredPeak = peak ?? average;
        return (Math.Max(measuredPeak, average), average);
    }

    private static long BitsPerSecond(long bytes, double seconds) =>
        seconds <= 0 ? 0 : (long)Math.Ceiling(bytes * 8 / seconds);
}
