using System.Globalization;

namespace HlsEncoder.Ladder;

/// <summary>
/// One rung of the ladder a user can ask for. The name is the picture's short side ("720p" is 1280x720,
/// or 720x1280 for a portrait video). Video bit-rate ceilings follow Apple's HLS authoring table
/// (6 Mb/s at 1080p, 3 Mb/s at 720p) and interpolate where it has no entry (480p and below).
/// </summary>
public sealed class QualityLevel
{
    private QualityLevel(int shortSide, int maxVideoBitrateKbps, int crf, int audioBitrateKbps)
    {
        ShortSide = shortSide;
        Name = NameFor(shortSide);
        MaxVideoBitrateKbps = maxVideoBitrateKbps;
        Crf = crf;
        AudioBitrateKbps = audioBitrateKbps;
    }

    /// <summary>Every quality HlsEncoder encodes, highest first.</summary>
    public static IReadOnlyList<QualityLevel> All { get; } =
    [
        new(2160, 16000, 23, 160),
        new(1440, 10000, 23, 160),
        new(1080, 6000, 23, 128),
        new(720, 3000, 23, 128),
        new(480, 1500, 23, 96),
        new(360, 800, 23, 96),
        new(240, 400, 23, 64),
    ];

    /// <summary>The ladder encoded when no quality is named.</summary>
    public static IReadOnlyList<string> DefaultNames { get; } = ["1080p", "720p", "480p"];

    public static IReadOnlyList<string> Names { get; } = All.Select(q => q.Name).ToArray();

    /// <summary>"720p".</summary>
    public string Name { get; }

    /// <summary>The picture's short side in pixels: its height in landscape, its width in portrait.</summary>
    public int ShortSide { get; }

    /// <summary>The VBV ceiling (-maxrate) that caps the constant-quality encode.</summary>
    public int MaxVideoBitrateKbps { get; }

    /// <summary>The VBV buffer: two seconds at the ceiling, so a peak is smoothed over about one keyframe interval.</summary>
    public int BufferSizeKbits => MaxVideoBitrateKbps * 2;

    /// <summary>The x264 constant rate factor the rung aims for while the ceiling does not bind.</summary>
    public int Crf { get; }

    /// <summary>AAC-LC bit rate for stereo; a mono source gets half (at least 48 kb/s).</summary>
    public int AudioBitrateKbps { get; }

    public static string NameFor(int shortSide) => shortSide.ToString(CultureInfo.InvariantCulture) + "p";

    public static bool TryGet(string? name, out QualityLevel quality)
    {
        quality = All.FirstOrDefault(q => string.Equals(q.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))!;
        return quality is not null;
    }

    /// <summary>Why <paramref name="name"/> is not a quality, or null when it is one.</summary>
    public static string? Check(string? name) =>
        TryGet(name, out _) ? null : $"'{name}' is not a quality HlsEncoder encodes; use one of {string.Join(", ", Names)}.";

    /// <summary>The catalogue entry whose settings suit a picture with this short side (the smallest at or above it).</summary>
    internal static QualityLevel SettingsFor(int shortSide) =>
        All.Where(q => q.ShortSide >= shortSide).OrderBy(q => q.ShortSide).FirstOrDefault() ?? All[0];

    /// <summary>Validates, de-duplicates and orders quality names highest first.</summary>
    internal static IReadOnlyList<QualityLevel> Resolve(IEnumerable<string> names)
    {
        var resolved = new List<QualityLevel>();
        foreach (var name in names)
        {
            if (!TryGet(name, out var quality))
            {
                throw new HlsEncoderException("InvalidQuality", FailureKind.InvalidArgument, Check(name)!, name);
            }

            if (!resolved.Contains(quality))
            {
                resolved.Add(quality);
            }
        }

        if (resolved.Count == 0)
        {
            throw new HlsEncoderException("InvalidQuality", FailureKind.InvalidArgument, $"Name at least one quality: {string.Join(", ", Names)}.");
        }

        return resolved.OrderByDescending(q => q.ShortSide).ToArray();
    }

    public override string ToString() => Name;
}
