namespace HlsEncoder.Packaging;

/// <summary>
/// The parts of a master playlist (RFC 8216 section 4.3.4) that say which files make up a package:
/// its variants, its alternate renditions and its I-frame playlists. Strict where a loose reading
/// would let an unusable playlist through (no #EXTM3U, a variant without a URI, a bare URI, a missing
/// BANDWIDTH), silent about tags HlsEncoder has no use for.
/// </summary>
internal sealed class MasterPlaylist
{
    private const string StreamInfTag = "#EXT-X-STREAM-INF:";
    private const string MediaTag = "#EXT-X-MEDIA:";
    private const string IFrameStreamInfTag = "#EXT-X-I-FRAME-STREAM-INF:";

    private MasterPlaylist(IReadOnlyList<VariantStream> variants, IReadOnlyList<AlternateMedia> media, IReadOnlyList<IFrameStream> iFrameStreams)
    {
        Variants = variants;
        Media = media;
        IFrameStreams = iFrameStreams;
    }

    public IReadOnlyList<VariantStream> Variants { get; }

    public IReadOnlyList<AlternateMedia> Media { get; }

    public IReadOnlyList<IFrameStream> IFrameStreams { get; }

    /// <summary>Its subtitles renditions as the writer takes them (URIs relative to the master playlist), so that writing it anew keeps them.</summary>
    public IReadOnlyList<HlsSubtitleTrack> SubtitleTracks() =>
        Media.Where(m => m.Type == "SUBTITLES" && m.Uri is not null)
            .Select(m => new HlsSubtitleTrack(m.Name, string.IsNullOrWhiteSpace(m.Language) ? "und" : m.Language, m.Uri!)
            {
                IsDefault = m.IsDefault,
                AutoSelect = m.AutoSelect,
                Forced = m.Forced,
            })
            .ToArray();

    /// <exception cref="FormatException">The file is not a master playlist.</exception>
    public static MasterPlaylist Read(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    /// <summary>Whether the file at <paramref name="path"/> lists variants, i.e. is a master rather than a media playlist.</summary>
    public static bool ListsVariants(string path) =>
        File.ReadLines(path).Any(line => line.TrimStart().StartsWith(StreamInfTag, StringComparison.Ordinal));

    /// <exception cref="FormatException">The text is not a master playlist.</exception>
    public static MasterPlaylist Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.ReadLine()?.TrimStart('\uFEFF').Trim() != "#EXTM3U")
        {
            throw new FormatException("A playlist must start with #EXTM3U.");
        }

        var variants = new List<VariantStream>();
        var media = new List<AlternateMedia>();
        var iFrames = new List<IFrameStream>();
        AttributeList? pending = null;
        var pendingNumber = 0;
        var number = 1;
        while (reader.ReadLine() is { } raw)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith(StreamInfTag, StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    throw new FormatException($"Line {number}: an #EXT-X-STREAM-INF follows another one with no URI line between them.");
                }

                pending = At(number, () => AttributeList.Parse(line[StreamInfTag.Length..]));
                pendingNumber = number;
            }
            else if (line.StartsWith(MediaTag, StringComparison.Ordinal))
            {
                media.Add(At(number, () =>
                {
                    var attributes = AttributeList.Parse(line[MediaTag.Length..]);
                    return new AlternateMedia(Required(attributes, "TYPE"), Required(attributes, "GROUP-ID"), Required(attributes, "NAME"), attributes.Text("LANGUAGE"), attributes.Text("URI"))
                    {
                        IsDefault = attributes.Text("DEFAULT") == "YES",
                        AutoSelect = attributes.Text("AUTOSELECT") == "YES",
                        Forced = attributes.Text("FORCED") == "YES",
                    };
                }));
            }
            else if (line.StartsWith(IFrameStreamInfTag, StringComparison.Ordinal))
            {
                iFrames.Add(At(number, () =>
                {
                    var attributes = AttributeList.Parse(line[IFrameStreamInfTag.Length..]);
                    return new IFrameStream(Required(attributes, "URI"), Bandwidth(attributes), attributes.Integer("AVERAGE-BANDWIDTH"), attributes.Text("CODECS"), attributes.Resolution("RESOLUTION"));
                }));
            }
            else if (!line.StartsWith('#'))
            {
                if (pending is null)
                {
                    throw new FormatException($"Line {number}: the URI '{line}' follows no #EXT-X-STREAM-INF (is this a media playlist?).");
                }

                var attributes = pending;
                variants.Add(At(pendingNumber, () => new VariantStream(
                    line, Bandwidth(attributes), attributes.Integer("AVERAGE-BANDWIDTH"), attributes.Text("CODECS"),
                    attributes.Resolution("RESOLUTION"), attributes.Decimal("FRAME-RATE"), attributes.Text("AUDIO"), attributes.Text("SUBTITLES"))));
                pending = null;
            }
        }

        return pending is null
            ? new MasterPlaylist(variants, media, iFrames)
            : throw new FormatException("The last #EXT-X-STREAM-INF has no URI line after it.");
    }

    /// <summary>Runs <paramref name="read"/>, saying on which line a value was wrong.</summary>
    private static T At<T>(int number, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (FormatException e)
        {
            throw new FormatException($"Line {number}: {e.Message}", e);
        }
    }

    private static long Bandwidth(AttributeList attributes) =>
        attributes.Integer("BANDWIDTH") ?? throw new FormatException("BANDWIDTH is missing (RFC 8216 requires it).");

    private static string Required(AttributeList attributes, string name) =>
        attributes.Text(name) ?? throw new FormatException($"{name} is missing.");
}
