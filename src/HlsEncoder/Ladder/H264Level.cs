namespace HlsEncoder.Ladder;

/// <summary>
/// The smallest H.264 level (ITU-T H.264 Table A-1) that holds a rung: its frame size, macroblock rate
/// and, for the High profile, its VBV ceiling and buffer (1.25x the Baseline/Main limits). Naming
/// the level explicitly tells players in advance what the stream needs, instead of x264's guess.
/// </summary>
internal static class H264Level
{
    // Level, max macroblocks per second, max frame size in macroblocks, max bit rate and CPB size (kbit/s, kbit; Baseline/Main).
    private static readonly (string Name, long MaxMacroblocksPerSecond, int MaxFrameMacroblocks, int MaxBitrate, int MaxCpb)[] Levels =
    [
        ("1", 1485, 99, 64, 175),
        ("1.1", 3000, 396, 192, 500),
        ("1.2", 6000, 396, 384, 1000),
        ("1.3", 11880, 396, 768, 2000),
        ("2", 11880, 396, 2000, 2000),
        ("2.1", 19800, 792, 4000, 4000),
        ("2.2", 20250, 1620, 4000, 4000),
        ("3", 40500, 1620, 10000, 10000),
        ("3.1", 108000, 3600, 14000, 14000),
        ("3.2", 216000, 5120, 20000, 20000),
        ("4", 245760, 8192, 20000, 25000),
        ("4.1", 245760, 8192, 50000, 62500),
        ("4.2", 522240, 8704, 50000, 62500),
        ("5", 589824, 22080, 135000, 135000),
        ("5.1", 983040, 36864, 240000, 240000),
        ("5.2", 2073600, 36864, 240000, 240000),
        ("6", 4177920, 139264, 240000, 240000),
        ("6.1", 8355840, 139264, 480000, 480000),
        ("6.2", 16711680, 139264, 800000, 800000),
    ];

    private const double HighProfileFactor = 1.25;

    /// <summary>The level's name as x264's -level takes it, such as "3.1" or "4".</summary>
    public static string Select(int width, int height, double frameRate, int maxBitrateKbps, int bufferSizeKbits)
    {
        var widthInMacroblocks = (width + 15) / 16;
        var heightInMacroblocks = (height + 15) / 16;
        var frameMacroblocks = widthInMacroblocks * heightInMacroblocks;
        var macroblocksPerSecond = (long)Math.Ceiling(frameMacroblocks * frameRate);
        foreach (var level in Levels)
        {
            // A.3.1: neither side may exceed sqrt(8 * MaxFS) macroblocks, so a level cannot be met by a sliver.
            var maxSide = Math.Sqrt(level.MaxFrameMacroblocks * 8.0);
            if (frameMacroblocks <= level.MaxFrameMacroblocks
                && widthInMacroblocks <= maxSide && heightInMacroblocks <= maxSide
                && macroblocksPerSecond <= level.MaxMacroblocksPerSecond
                && maxBitrateKbps <= level.MaxBitrate * HighProfileFactor
                && bufferSizeKbits <= level.MaxCpb * HighProfileFactor)
            {
                return level.Name;
            }
        }

        return Levels[^1].Name;
    }
}
