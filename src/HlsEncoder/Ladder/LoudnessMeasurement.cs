using System.Globalization;
using System.Text.RegularExpressions;

namespace HlsEncoder.Ladder;

/// <summary>What ffmpeg's ebur128 filter (peak=true) measured over a whole sound track.</summary>
internal sealed record LoudnessMeasurement(double IntegratedLufs, double RangeLu, double TruePeakDbtp, double ThresholdLufs)
{
    /// <summary>
    /// Reads the "Summary:" block that ebur128 prints when it ends: integrated loudness (I, threshold),
    /// loudness range (LRA) and true peak. ffmpeg writes "-inf" for the peak of pure silence.
    /// Returns null when the text holds no complete summary (ffmpeg stopped early).
    /// </summary>
    public static LoudnessMeasurement? ParseSummary(string ffmpegOutput)
    {
        ArgumentNullException.ThrowIfNull(ffmpegOutput);
        var start = ffmpegOutput.LastIndexOf("Summary:", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var summary = ffmpegOutput[start..];
        var integrated = Section(summary, "Integrated loudness:");
        var range = Section(summary, "Loudness range:");
        var peak = Section(summary, "True peak:");
        if (integrated is null || range is null || peak is null
            || Value(integrated, "I") is not { } i || Value(integrated, "Threshold") is not { } threshold
            || Value(range, "LRA") is not { } lra || Value(peak, "Peak") is not { } tp)
        {
            return null;
        }

        return new LoudnessMeasurement(i, lra, tp, threshold);
    }

    private static string? Section(string summary, string heading)
    {
        var at = summary.IndexOf(heading, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var body = summary[(at + heading.Length)..];
        // A section ends at the next heading: a line that ends with ':' and starts at the summary's indent.
        var next = Regex.Match(body, @"\n\s{0,2}[A-Z][A-Za-z ]+:\s*\n");
        return next.Success ? body[..next.Index] : body;
    }

    private static double? Value(string section, string label)
    {
        var match = Regex.Match(section, $@"(?m)^\s*{Regex.Escape(label)}:\s*(?<value>-?inf|[-+]?\d+(?:\.\d+)?)\s");
        if (!match.Success)
        {
            return null;
        }

        var text = match.Groups["value"].Value;
        return text switch
        {
            "-inf" => double.NegativeInfinity,
            "inf" => double.PositiveInfinity,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }
}
