using System.Globalization;

namespace HlsEncoder.Packaging;

/// <summary>
/// The package's scrubbing preview: JPEG sprite sheets of small tiles (storyboard/sheet_N.jpg) and
/// storyboard/thumbnails.vtt, whose cues cover the whole video and point at one tile each
/// (sheet_N.jpg#xywh=x,y,w,h, relative to the vtt), as video.js, Plyr, JW Player and others read it.
/// It is not a subtitle track: it lives outside the transcript's names and the master playlist.
/// </summary>
public sealed class HlsStoryboard
{
    public const string FolderName = "storyboard";
    public const string VttFileName = "thumbnails.vtt";

    public HlsStoryboard(string vttPath, IReadOnlyList<string> sheetPaths, int tileCount, int tileWidth, int tileHeight, int columns, int rows, TimeSpan interval)
    {
        ArgumentException.ThrowIfNullOrEmpty(vttPath);
        ArgumentNullException.ThrowIfNull(sheetPaths);
        VttPath = vttPath;
        SheetPaths = sheetPaths.ToArray();
        TileCount = tileCount;
        TileWidth = tileWidth;
        TileHeight = tileHeight;
        Columns = columns;
        Rows = rows;
        Interval = interval;
    }

    /// <summary>Full path of storyboard/thumbnails.vtt.</summary>
    public string VttPath { get; }

    /// <summary>Full paths of the sprite sheets, in order (sheet_0.jpg, sheet_1.jpg, ...).</summary>
    public IReadOnlyList<string> SheetPaths { get; }

    public int SheetCount => SheetPaths.Count;

    /// <summary>How many tiles (and cues) there are.</summary>
    public int TileCount { get; }

    public int TileWidth { get; }

    public int TileHeight { get; }

    /// <summary>Tiles per row of a sheet.</summary>
    public int Columns { get; }

    /// <summary>Rows of tiles per sheet.</summary>
    public int Rows { get; }

    /// <summary>The time between tiles that was asked for; a tile is the keyframe at or just after each step.</summary>
    public TimeSpan Interval { get; }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{VttPath} ({TileCount} tiles of {TileWidth}x{TileHeight}, every {Interval.TotalSeconds:0.###} s, in {SheetCount} sheet{(SheetCount == 1 ? string.Empty : "s")})");
}
