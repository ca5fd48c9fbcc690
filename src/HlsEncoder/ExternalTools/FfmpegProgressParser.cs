using System.Globalization;

namespace HlsEncoder.ExternalTools;

/// <summary>One block of ffmpeg's machine-readable progress (-progress pipe:1).</summary>
internal readonly record struct FfmpegProgressReport(TimeSpan Processed, double? Speed, bool IsFinal);

/// <summary>
/// Reads ffmpeg's "-progress" output: key=value lines, each block closed by "progress=continue" or
/// "progress=end". Parsing these is steadier than scraping the human status line.
/// </summary>
internal sealed class FfmpegProgressParser
{
    private TimeSpan _processed;
    private double? _speed;

    /// <summary>Takes one line; returns a report when the line closes a block.</summary>
    public FfmpegProgressReport? Read(string? line)
    {
        if (string.IsNullOrEmpty(line))
        {
            return null;
        }

        var separator = line.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0)
        {
            return null;
        }

        var key = line.AsSpan(0, separator).Trim();
        var value = line.AsSpan(separator + 1).Trim();
        switch (key)
        {
            case "out_time_us" when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var microseconds) && microseconds >= 0:
                _processed = TimeSpan.FromTicks(microseconds * 10);
                break;
            case "speed" when value.EndsWith("x", StringComparison.Ordinal)
                && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var speed) && speed > 0:
                _speed = speed;
                break;
            case "progress":
                return new FfmpegProgressReport(_processed, _speed, value.SequenceEqual("end"));
        }

        return null;
    }
}
