using System.Globalization;

namespace HlsEncoder.Packaging;

/// <summary>One segment of a media playlist: its URI as written and its EXTINF duration.</summary>
internal readonly record struct MediaSegment(string Uri, TimeSpan Duration);

/// <summary>
/// The parts of a VOD media playlist (RFC 8216 section 4.3) that HlsEncoder checks and measures: target
/// duration, segments with their durations, fMP4 init segments (EXT-X-MAP), and whether it is complete
/// (EXT-X-ENDLIST). With EXT-X-BYTERANGE one file holds several segments, so <see cref="Segments"/>
/// may name a file more than once while <see cref="Files"/> names each file once.
/// </summary>
internal sealed class MediaPlaylist
{
    private const string Map = "#EXT-X-MAP:";

    private MediaPlaylist(int targetDurationSeconds, IReadOnlyList<MediaSegment> segments, IReadOnlyList<string> initSegments, bool hasEndList)
    {
        TargetDurationSeconds = targetDurationSeconds;
        Segments = segments;
        InitSegments = initSegments;
        Files = initSegments.Concat(segments.Select(s => s.Uri)).Distinct(StringComparer.Ordinal).ToArray();
        HasEndList = hasEndList;
    }

    public int TargetDurationSeconds { get; }

    public IReadOnlyList<MediaSegment> Segments { get; }

    /// <summary>The URIs of the EXT-X-MAP init segments (fMP4), each once, in the order they appear.</summary>
    public IReadOnlyList<string> InitSegments { get; }

    /// <summary>Every file the playlist names, each once: init segments first, then the media segments.</summary>
    public IReadOnlyList<string> Files { get; }

    public bool HasEndList { get; }

    public TimeSpan Duration => TimeSpan.FromTicks(Segments.Sum(s => s.Duration.Ticks));

    public static MediaPlaylist Read(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    /// <summary>Reads a playlist that must be complete: readable, ended, with every segment on disk.</summary>
    public static MediaPlaylist? TryReadComplete(string path, out string problem)
    {
        MediaPlaylist playlist;
        try
        {
            playlist = Read(path);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or OverflowException)
        {
            problem = $"{path} could not be read ({e.Message})";
            return null;
        }

        var folder = Path.GetDirectoryName(path)!;
        var missing = playlist.Files.FirstOrDefault(uri => !File.Exists(Path.Combine(folder, uri)));
        problem = !playlist.HasEndList ? $"{path} has no #EXT-X-ENDLIST"
            : playlist.Segments.Count == 0 ? $"{path} lists no segment"
            : missing is not null ? $"{path} lists {missing}, which is missing"
            : string.Empty;
        return problem.Length == 0 ? playlist : null;
    }

    public static MediaPlaylist Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var first = reader.ReadLine();
        if (first?.TrimStart('\uFEFF').Trim() != "#EXTM3U")
        {
            throw new FormatException("A playlist must start with #EXTM3U.");
        }

        var target = 0;
        var segments = new List<MediaSegment>();
        var maps = new List<string>();
        var endList = false;
        TimeSpan? pending = null;
        while (reader.ReadLine() is { } raw)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("#EXT-X-TARGETDURATION:", StringComparison.Ordinal))
            {
                target = int.Parse(line["#EXT-X-TARGETDURATION:".Length..], NumberStyles.None, CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                var value = line["#EXTINF:".Length..];
                var comma = value.IndexOf(',', StringComparison.Ordinal);
                pending = TimeSpan.FromSeconds(double.Parse(comma >= 0 ? value[..comma] : value, NumberStyles.Float, CultureInfo.InvariantCulture));
            }
            else if (line.StartsWith(Map, StringComparison.Ordinal))
            {
                var uri = AttributeList.Parse(line[Map.Length..]).Text("URI") ?? throw new FormatException($"'{line}' has no URI.");
                if (!maps.Contains(uri, StringComparer.Ordinal))
                {
                    maps.Add(uri);
                }
            }
            else if (line == "#EXT-X-ENDLIST")
            {
                endList = true;
            }
            else if (!line.StartsWith('#'))
            {
                segments.Add(new MediaSegment(line, pending ?? throw new FormatException($"Segment '{line}' has no #EXTINF before it.")));
                pending = null;
            }
        }

        return new MediaPlaylist(target, segments, maps, endList);
    }
}
