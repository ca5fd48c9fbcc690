using System.Globalization;
using System.Text;

namespace HlsEncoder.Ladder;

/// <summary>
/// The storyboard's shape. Tiles are 160 px wide (height keeps the lowest rendition's aspect ratio, even),
/// one every <see cref="Interval"/>: 2 s, or for a video longer than 1000 s the smallest even number of
/// seconds that keeps it at 500 tiles or fewer (4 s up to 33 min, 8 s up to 66 min, 22 s for 3 h), so a
/// sheet set never exceeds 5 sheets of 10 x 10 tiles (1600 x 900 px each for 16:9). An even interval falls on
/// the ladder's keyframes (forced every 2 s, or every 1 s), so a tile is decoded from a keyframe alone.
/// A short video gets one sheet no larger than its tiles need (10 columns at most, as many rows as needed).
/// </summary>
internal sealed record StoryboardPlan(TimeSpan Interval, int TileWidth, int TileHeight, int Columns, int Rows)
{
    public const int TileWidthPixels = 160;
    public const int MaxTiles = 500;
    public const int MaxColumns = 10;
    public const int MaxRows = 10;

    public int TilesPerSheet => Columns * Rows;

    public static StoryboardPlan For(TimeSpan duration, int width, int height)
    {
        var seconds = Math.Max(duration.TotalSeconds, 0.001);
        var interval = Math.Max(2, 2 * (int)Math.Ceiling(seconds / (2.0 * MaxTiles) - 1e-9));
        var expected = Math.Max(1, (int)Math.Ceiling(seconds / interval - 1e-9));
        var tileHeight = width > 0 && height > 0 ? Math.Max(2, (int)Math.Round(TileWidthPixels * (double)height / width / 2) * 2) : 90;
        var columns = Math.Min(MaxColumns, expected);
        var rows = Math.Min(MaxRows, (int)Math.Ceiling(expected / (double)columns));
        return new StoryboardPlan(TimeSpan.FromSeconds(interval), TileWidthPixels, tileHeight, columns, rows);
    }

    public static string SheetName(int index) => string.Create(CultureInfo.InvariantCulture, $"sheet_{index}.jpg");

    /// <summary>Where tile <paramref name="index"/> lies: its sheet and its rectangle, row by row as ffmpeg's tile filter lays them out.</summary>
    public (int Sheet, int X, int Y) Place(int index)
    {
        var within = index % TilesPerSheet;
        return (index / TilesPerSheet, within % Columns * TileWidth, within / Columns * TileHeight);
    }

    public int SheetCount(int tiles) => (tiles + TilesPerSheet - 1) / TilesPerSheet;

    /// <summary>
    /// thumbnails.vtt: one cue per tile, contiguous from 0 to <paramref name="duration"/>. A cue starts where
    /// its tile's frame was taken (the first at 0) and ends where the next begins; tiles at or past the end
    /// (none, unless the sound outlasts the picture) are left out. Returns the text and the number of cues.
    /// </summary>
    public (string Text, int Cues) RenderVtt(IReadOnlyList<TimeSpan> tileTimes, TimeSpan duration)
    {
        var end = Milliseconds(duration);
        var starts = new List<long>();
        foreach (var time in tileTimes)
        {
            var start = starts.Count == 0 ? 0 : Milliseconds(time);
            if (start >= end || (starts.Count > 0 && start <= starts[^1]))
            {
                break;
            }

            starts.Add(start);
        }

        var text = new StringBuilder("WEBVTT\n");
        for (var i = 0; i < starts.Count; i++)
        {
            var (sheet, x, y) = Place(i);
            text.Append('\n').Append(Timestamp(starts[i])).Append(" --> ").Append(Timestamp(i + 1 < starts.Count ? starts[i + 1] : end)).Append('\n')
                .Append(SheetName(sheet)).Append(CultureInfo.InvariantCulture, $"#xywh={x},{y},{TileWidth},{TileHeight}").Append('\n');
        }

        return (text.ToString(), starts.Count);
    }

    private static long Milliseconds(TimeSpan time) => (long)Math.Round(time.TotalMilliseconds, MidpointRounding.AwayFromZero);

    private static string Timestamp(long milliseconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 3_600_000:00}:{milliseconds / 60_000 % 60:00}:{milliseconds / 1000 % 60:00}.{milliseconds % 1000:000}");
}
