using System.Globalization;

namespace HlsEncoder.Ladder;

/// <summary>A frame rate as ffmpeg writes it: a fraction, so that 29.97 stays exactly 30000/1001.</summary>
internal readonly record struct FrameRate(int Numerator, int Denominator)
{
    public double Value => Denominator == 0 ? 0 : (double)Numerator / Denominator;

    public bool IsValid => Numerator > 0 && Denominator > 0;

    /// <summary>Reads "30000/1001", "30/1" or "25"; anything else (including ffprobe's "0/0") is invalid.</summary>
    public static FrameRate Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        var parts = text.Split('/');
        return parts.Length switch
        {
            1 when int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var whole) => new FrameRate(whole, 1),
            2 when int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var d) => new FrameRate(n, d),
            _ => default,
        };
    }

    /// <summary>The nearest rate in thousandths of a frame per second, for rates that are no known standard.</summary>
    public static FrameRate Approximate(double value)
    {
        var thousandths = (int)Math.Round(value * 1000);
        var divisor = GreatestCommonDivisor(thousandths, 1000);
        return new FrameRate(thousandths / divisor, 1000 / divisor);
    }

    public override string ToString() => Denominator == 1
        ? Numerator.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");

    private static int GreatestCommonDivisor(int a, int b) => b == 0 ? Math.Max(a, 1) : GreatestCommonDivisor(b, a % b);
}
