using System.Globalization;
using System.Text;
using HlsEncoder.ExternalTools;
using HlsEncoder.Packaging;

namespace HlsEncoder.Ladder;

/// <summary>One entry of an I-frame playlist: a byte range of a segment file and the time until the next I-frame.</summary>
internal readonly record struct IFrameRange(string Uri, long Offset, long Length, TimeSpan Duration);

/// <summary>
/// Writes a rendition's I-frame playlist ({quality}/iframe_index.m3u8, RFC 8216 4.3.3.6): one entry per
/// keyframe, an EXT-X-BYTERANGE into the segment that holds it (so no media is added), and as its EXTINF
/// the time until the next keyframe, or to the end for the last. The keyframes come from ffprobe
/// (<see cref="KeyframeProbe"/>), their extents from the TS packets themselves (<see cref="TransportStreamRange"/>).
/// </summary>
internal static class IFramePlaylistBuilder
{
    public const string PlaylistFileName = "iframe_index.m3u8";

    // MPEG-TS timestamps count a 90 kHz clock in 33 bits.
    private const double Clock = 90_000;
    private const long Wrap = 1L << 33;

    /// <param name="renditionFolder">Where the rendition's playlist and segments are now (the staging folder while encoding).</param>
    /// <param name="rendition">The rendition as the package names it: its playlist path is where the package will be.</param>
    public static async Task<HlsIFramePlaylist> BuildAsync(FfmpegTools tools, string renditionFolder, HlsRendition rendition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(rendition);
        var playlistPath = Path.Combine(renditionFolder, Path.GetFileName(rendition.PlaylistPath));
        var playlist = MediaPlaylist.Read(playlistPath);
        var files = playlist.Segments.Select(s => s.Uri).ToArray();
        if (files.Distinct(StringComparer.Ordinal).Count() != files.Length || files.Length == 0)
        {
            throw Failed(rendition, "its playlist does not list one file per segment");
        }

        var keyframes = await KeyframeProbe.FindAsync(tools, renditionFolder, files, cancellationToken).ConfigureAwait(false);
        if (keyframes.Count == 0)
        {
            throw Failed(rendition, "ffprobe found no keyframe in its segments");
        }

        var ranges = new List<(string Uri, long Offset, long Length, long Pts)>(keyframes.Count);
        foreach (var inSegment in keyframes.GroupBy(k => k.Segment))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = Path.Combine(renditionFolder, files[inSegment.Key]);
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024);
            foreach (var keyframe in inSegment)
            {
                try
                {
                    var (offset, length) = TransportStreamRange.Of(stream, keyframe.Position);
                    ranges.Add((files[inSegment.Key], offset, length, keyframe.Pts));
                }
                catch (FormatException e)
                {
                    throw Failed(rendition, $"{files[inSegment.Key]}: {e.Message}");
                }
            }
        }

        var entries = Time(ranges, playlist.Duration);
        var target = Math.Max(1, entries.Max(e => (int)Math.Round(e.Duration.TotalSeconds, MidpointRounding.AwayFromZero)));
        var text = Render(entries, target);
        AtomicFile.Write(Path.Combine(renditionFolder, PlaylistFileName), stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: -1, leaveOpen: true);
            writer.Write(text);
        });

        var (peak, average) = BandwidthMeter.Measure(entries.Select(e => new SegmentSize(e.Length, e.Duration)).ToArray(), TimeSpan.FromSeconds(target));
        return new HlsIFramePlaylist(
            rendition.Name, rendition.Width, rendition.Height, peak, average, CodecList.VideoOnly(rendition.Codecs),
            Path.Combine(Path.GetDirectoryName(rendition.PlaylistPath)!, PlaylistFileName), entries.Count);
    }

    /// <summary>
    /// Orders the I-frames by presentation time and gives each the time until the next one; the last one
    /// lasts until the rendition ends, so the entries add up to the rendition's duration.
    /// </summary>
    internal static IReadOnlyList<IFrameRange> Time(IReadOnlyList<(string Uri, long Offset, long Length, long Pts)> ranges, TimeSpan total)
    {
        var unwrapped = new List<(string Uri, long Offset, long Length, long Pts)>(ranges.Count);
        long? previousRaw = null;
        long previous = 0;
        foreach (var range in ranges)
        {
            var pts = previousRaw is null ? range.Pts : previous + Delta(previousRaw.Value, range.Pts);
            unwrapped.Add(range with { Pts = pts });
            (previousRaw, previous) = (range.Pts, pts);
        }

        var ordered = unwrapped.OrderBy(r => r.Pts).ToArray();
        var first = ordered[0].Pts;
        var entries = new IFrameRange[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            var until = i + 1 < ordered.Length ? TimeSpan.FromSeconds((ordered[i + 1].Pts - first) / Clock) : total;
            var duration = until - TimeSpan.FromSeconds((ordered[i].Pts - first) / Clock);
            // A last keyframe on the very last frame still shows for a moment.
            entries[i] = new IFrameRange(ordered[i].Uri, ordered[i].Offset, ordered[i].Length, duration > TimeSpan.FromMilliseconds(1) ? duration : TimeSpan.FromMilliseconds(1));
        }

        return entries;
    }

    internal static string Render(IReadOnlyList<IFrameRange> entries, int targetDuration)
    {
        var text = new StringBuilder();
        // EXT-X-BYTERANGE and EXT-X-I-FRAMES-ONLY need version 4 (RFC 8216 section 7).
        text.Append("#EXTM3U\n#EXT-X-VERSION:4\n")
            .Append("#EXT-X-TARGETDURATION:").Append(targetDuration.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-I-FRAMES-ONLY\n");
        foreach (var entry in entries)
        {
            text.Append("#EXTINF:").Append(entry.Duration.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture)).Append(",\n")
                .Append("#EXT-X-BYTERANGE:").Append(entry.Length.ToString(CultureInfo.InvariantCulture)).Append('@').Append(entry.Offset.ToString(CultureInfo.InvariantCulture)).Append('\n')
                .Append(entry.Uri).Append('\n');
        }

        return text.Append("#EXT-X-ENDLIST\n").ToString();
    }

    /// <summary>The step from one 33-bit timestamp to the next, across a wrap.</summary>
    private static long Delta(long from, long to)
    {
        var delta = (to - from) % Wrap;
        return delta >= Wrap / 2 ? delta - Wrap : delta < -Wrap / 2 ? delta + Wrap : delta;
    }

    private static HlsEncoderException Failed(HlsRendition rendition, string problem) =>
        new("EncodeFailed", FailureKind.OperationFailed, $"The I-frame playlist of the {rendition.Name} rendition could not be written: {problem}. Encode it again, or add -NoIFramePlaylist.", rendition.PlaylistPath);
}
