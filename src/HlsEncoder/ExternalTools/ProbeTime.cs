using System.Globalization;

namespace HlsEncoder.ExternalTools;

/// <summary>Reads ffprobe's times, which FFMpegCore asks for in sexagesimal form ("1:02:03.500000") but may also be plain seconds.</summary>
internal static class ProbeTime
{
    public static TimeSpan Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text == "N/A")
        {
            return TimeSpan.Zero;
        }

        var parts = text.Trim().Split(':');
        double seconds = 0;
        foreach (var part in parts)
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                return TimeSpan.Zero;
            }

            seconds = (seconds * 60) + value;
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
