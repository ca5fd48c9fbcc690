namespace HlsEncoder.Ladder;

/// <summary>
/// Turns the qualities asked for into rungs that suit the source: never upscaled, the source's display
/// aspect ratio kept in square pixels, even sizes (4:2:0 chroma needs them), and at least one rung.
/// </summary>
internal static class LadderPlanner
{
    /// <summary>Smaller than this, a picture is not worth an HLS ladder (and x264 refuses some sizes).</summary>
    public const int MinimumSide = 16;

    public static LadderPlan Plan(SourceMedia source, IReadOnlyList<QualityLevel> qualities, TimeSpan segmentDuration, string preset)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(qualities);
        var displayWidth = source.DisplayWidth;
        var displayHeight = source.DisplayHeight;
        var maxWidth = FloorEven(displayWidth);
        var maxHeight = FloorEven(displayHeight);
        if (maxWidth < MinimumSide || maxHeight < MinimumSide)
        {
            throw new HlsEncoderException("SourceTooSmall", FailureKind.InvalidData,
                $"{source.Path} is only {displayWidth:0}x{displayHeight:0} pixels; HlsEncoder needs at least {MinimumSide}x{MinimumSide}.", source.Path);
        }

        var isPortrait = displayHeight > displayWidth;
        var sourceShortSide = Math.Min(displayWidth, displayHeight);
        var frameRate = FrameRatePolicy.Choose(source.AverageFrameRate, source.RealFrameRate);
        var rungs = new List<PlannedRendition>();
        var dropped = new List<string>();
        foreach (var quality in qualities.OrderByDescending(q => q.ShortSide))
        {
            if (quality.ShortSide > sourceShortSide + 1e-6)
            {
                dropped.Add($"{quality.Name} dropped: the source is {displayWidth:0}x{displayHeight:0} and is never upscaled.");
                continue;
            }

            var (width, height) = isPortrait
                ? (quality.ShortSide, Math.Min(maxHeight, RoundEven(quality.ShortSide * displayHeight / displayWidth)))
                : (Math.Min(maxWidth, RoundEven(quality.ShortSide * displayWidth / displayHeight)), quality.ShortSide);
            rungs.Add(Rung(quality.Name, width, height, quality, frameRate, source));
        }

        if (rungs.Count == 0)
        {
            var name = QualityLevel.NameFor(Math.Min(maxWidth, maxHeight));
            rungs.Add(Rung(name, maxWidth, maxHeight, QualityLevel.SettingsFor(Math.Min(maxWidth, maxHeight)), frameRate, source));
            dropped.Add($"Every quality asked for is larger than the source; encoding one rung at the source's size, {name} ({maxWidth}x{maxHeight}).");
        }

        return new LadderPlan
        {
            Source = source,
            Renditions = rungs,
            Dropped = dropped,
            FrameRate = frameRate,
            SegmentDuration = segmentDuration,
            KeyframeIntervalSeconds = SegmentDurationRule.KeyframeIntervalSeconds(segmentDuration),
            Preset = preset,
        };
    }

    private static PlannedRendition Rung(string name, int width, int height, QualityLevel settings, FrameRate frameRate, SourceMedia source)
    {
        var audio = !source.HasAudio ? 0
            : source.AudioChannels == 1 ? Math.Max(48, settings.AudioBitrateKbps / 2)
            : settings.AudioBitrateKbps;
        var level = H264Level.Select(width, height, frameRate.Value, settings.MaxVideoBitrateKbps, settings.BufferSizeKbits);
        return new PlannedRendition(name, width, height, settings.Crf, settings.MaxVideoBitrateKbps, settings.BufferSizeKbits, level, audio);
    }

    private static int FloorEven(double value) => (int)Math.Floor(value / 2) * 2;

    private static int RoundEven(double value) => Math.Max(2, (int)Math.Round(value / 2, MidpointRounding.AwayFromZero) * 2);
}
