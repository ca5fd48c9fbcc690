using System.Globalization;
using System.Text;

namespace HlsEncoder.Packaging;

/// <summary>
/// Writes master.m3u8 from measured facts: per variant BANDWIDTH (peak) and AVERAGE-BANDWIDTH, the
/// real CODECS, RESOLUTION and FRAME-RATE, optionally a subtitles group that every variant refers to,
/// and an EXT-X-I-FRAME-STREAM-INF line per I-frame playlist the package has. ffmpeg's own master playlist lacks AVERAGE-BANDWIDTH and FRAME-RATE, and its WebVTT
/// group is unusable, so HlsEncoder always writes this file itself; transcription re-renders it
/// with subtitles.
/// </summary>
public sealed class MasterPlaylistWriter
{
    public const string SubtitlesGroupId = "subs";

    /// <summary>The first variant a player starts with: the largest at most this short side (see <see cref="OrderVariants"/>).</summary>
    public const int StartShortSide = 720;

    public string Render(HlsPackage package, IReadOnlyList<HlsSubtitleTrack>? subtitles = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        subtitles ??= [];
        if (subtitles.Count(s => s.IsDefault) > 1)
        {
            throw new ArgumentException("At most one subtitles track may be the default.", nameof(subtitles));
        }

        var text = new StringBuilder();
        Line(text, "#EXTM3U");
        Line(text, "#EXT-X-VERSION:6");
        Line(text, "#EXT-X-INDEPENDENT-SEGMENTS");

        if (subtitles.Count > 0)
        {
            text.Append('\n');
            foreach (var track in subtitles)
            {
                Line(text, string.Join(',',
                    "#EXT-X-MEDIA:TYPE=SUBTITLES",
                    $"GROUP-ID={Quoted(SubtitlesGroupId)}",
                    $"NAME={Quoted(track.Name)}",
                    $"DEFAULT={YesNo(track.IsDefault)}",
                    // A default track must be auto-selectable (RFC 8216 4.3.4.1).
                    $"AUTOSELECT={YesNo(track.AutoSelect || track.IsDefault)}",
                    $"FORCED={YesNo(track.Forced)}",
                    $"LANGUAGE={Quoted(track.Language)}",
                    $"URI={Quoted(RelativeUri(package.OutputPath, track.PlaylistPath))}"));
            }
        }

        foreach (var rendition in OrderVariants(package.Renditions))
        {
            text.Append('\n');
            var attributes = new List<string>
            {
                $"BANDWIDTH={Invariant(rendition.Bandwidth)}",
                $"AVERAGE-BANDWIDTH={Invariant(rendition.AverageBandwidth)}",
                $"CODECS={Quoted(rendition.Codecs)}",
                $"RESOLUTION={Invariant(rendition.Width)}x{Invariant(rendition.Height)}",
                $"FRAME-RATE={rendition.FrameRate.ToString("0.000", CultureInfo.InvariantCulture)}",
                "CLOSED-CAPTIONS=NONE",
            };
            if (subtitles.Count > 0)
            {
                attributes.Add($"SUBTITLES={Quoted(SubtitlesGroupId)}");
            }

            Line(text, "#EXT-X-STREAM-INF:" + string.Join(',', attributes));
            Line(text, RelativeUri(package.OutputPath, rendition.PlaylistPath));
        }

        if (package.IFramePlaylists.Count > 0)
        {
            text.Append('\n');
        }

        // RFC 8216 4.3.4.3: every EXT-X-STREAM-INF attribute but FRAME-RATE, AUDIO, SUBTITLES and CLOSED-CAPTIONS, and the URI as an attribute.
        foreach (var iFrames in package.IFramePlaylists)
        {
            var attributes = new List<string>
            {
                $"BANDWIDTH={Invariant(iFrames.Bandwidth)}",
                $"AVERAGE-BANDWIDTH={Invariant(iFrames.AverageBandwidth)}",
            };
            if (iFrames.Codecs.Length > 0)
            {
                attributes.Add($"CODECS={Quoted(iFrames.Codecs)}");
            }

            if (iFrames.Width > 0 && iFrames.Height > 0)
            {
                attributes.Add($"RESOLUTION={Invariant(iFrames.Width)}x{Invariant(iFrames.Height)}");
            }

            attributes.Add($"URI={Quoted(RelativeUri(package.OutputPath, iFrames.PlaylistPath))}");
            Line(text, "#EXT-X-I-FRAME-STREAM-INF:" + string.Join(',', attributes));
        }

        return text.ToString();
    }

    /// <summary>Re-renders the package's master.m3u8 in place, atomically.</summary>
    public void Write(HlsPackage package, IReadOnlyList<HlsSubtitleTrack>? subtitles = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        WriteTo(package.MasterPlaylist, package, subtitles);
    }

    internal void WriteTo(string path, HlsPackage package, IReadOnlyList<HlsSubtitleTrack>? subtitles = null)
    {
        var text = Render(package, subtitles);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: -1, leaveOpen: true);
            writer.Write(text);
        });
    }

    /// <summary>
    /// Players start with the first variant listed (Apple's authoring guidance): that is the largest rung
    /// up to 720p, a safe start on most networks; the others follow from the highest down.
    /// </summary>
    public static IReadOnlyList<HlsRendition> OrderVariants(IEnumerable<HlsRendition> renditions)
    {
        ArgumentNullException.ThrowIfNull(renditions);
        var byQuality = renditions
            .OrderByDescending(r => Math.Min(r.Width, r.Height))
            .ThenByDescending(r => r.Bandwidth)
            .ToList();
        var start = byQuality.FirstOrDefault(r => Math.Min(r.Width, r.Height) <= StartShortSide) ?? byQuality.LastOrDefault();
        if (start is not null)
        {
            byQuality.Remove(start);
            byQuality.Insert(0, start);
        }

        return byQuality;
    }

    private static string RelativeUri(string packageFolder, string path)
    {
        var relative = Path.IsPathRooted(path) ? Path.GetRelativePath(packageFolder, path) : path;
        relative = relative.Replace('\\', '/');
        if (relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new ArgumentException($"{path} is outside the package folder {packageFolder}; a package must be self-contained.", nameof(path));
        }

        return relative;
    }

    private static string Quoted(string value)
    {
        // An HLS quoted-string cannot escape anything: it simply may not hold a quote or a line break.
        if (value.IndexOfAny(['"', '\r', '\n']) >= 0)
        {
            throw new ArgumentException($"'{value}' cannot be written into a playlist: it holds a double quote or a line break.", nameof(value));
        }

        return $"\"{value}\"";
    }

    private static string YesNo(bool value) => value ? "YES" : "NO";

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
