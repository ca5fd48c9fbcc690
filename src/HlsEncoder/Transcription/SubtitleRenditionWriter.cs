using System.Globalization;
using System.Text;

namespace HlsEncoder.Transcription;

/// <summary>
/// The transcript as an HLS WebVTT subtitles rendition (RFC 8216 3.5): one VTT segment per video segment,
/// with the same durations, so a player fetches the cues of the part it plays. Each segment carries an
/// X-TIMESTAMP-MAP that maps cue time 0 onto the MPEG-TS timestamp of media time 0; a cue that spans a
/// segment boundary is repeated in both segments, as players expect.
/// </summary>
internal static class SubtitleRenditionWriter
{
    public const string FolderName = "subtitles";
    public const string PlaylistName = "index.m3u8";
    public const string SegmentPattern = "seg_{0:000}.vtt";

    /// <summary>Writes <c>subtitles/</c> into <paramref name="folder"/>; returns the playlist's path.</summary>
    /// <param name="segmentDurations">The video playlist's segment durations, in order.</param>
    /// <param name="mpegTsOfTimeZero">The 90 kHz MPEG-TS timestamp that media time 0 has in the video segments.</param>
    public static string Write(string folder, IReadOnlyList<TranscriptSegment> cues, IReadOnlyList<TimeSpan> segmentDurations, int targetDurationSeconds, long mpegTsOfTimeZero)
    {
        ArgumentNullException.ThrowIfNull(cues);
        ArgumentNullException.ThrowIfNull(segmentDurations);
        if (segmentDurations.Count == 0)
        {
            throw new ArgumentException("A subtitles rendition needs the video's segment durations.", nameof(segmentDurations));
        }

        var subtitles = Path.Combine(folder, FolderName);
        Directory.CreateDirectory(subtitles);
        var timestampMap = TimestampMap(mpegTsOfTimeZero);
        var playlist = new StringBuilder()
            .Append("#EXTM3U\n")
            .Append("#EXT-X-VERSION:3\n")
            .Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{Math.Max(targetDurationSeconds, (int)Math.Ceiling(segmentDurations.Max().TotalSeconds))}\n")
            .Append("#EXT-X-MEDIA-SEQUENCE:0\n")
            .Append("#EXT-X-PLAYLIST-TYPE:VOD\n");

        var start = TimeSpan.Zero;
        for (var i = 0; i < segmentDurations.Count; i++)
        {
            var end = start + segmentDurations[i];
            var last = i == segmentDurations.Count - 1;
            var segmentStart = start;
            // The last segment also takes any cue past the video's end (audio a few milliseconds longer).
            var inSegment = cues.Where(c => c.End > segmentStart && (last || c.Start < end));
            var name = string.Format(CultureInfo.InvariantCulture, SegmentPattern, i);
            TranscriptFiles.WriteText(Path.Combine(subtitles, name), writer => WebVttWriter.Write(writer, inSegment, timestampMap));
            playlist.Append(CultureInfo.InvariantCulture, $"#EXTINF:{segmentDurations[i].TotalSeconds:0.000000},\n{name}\n");
            start = end;
        }

        playlist.Append("#EXT-X-ENDLIST\n");
        var playlistPath = Path.Combine(subtitles, PlaylistName);
        TranscriptFiles.WriteText(playlistPath, writer => writer.Write(playlist.ToString()));
        return playlistPath;
    }

    /// <summary>The WebVTT header line that places cue times on the MPEG-TS timeline (RFC 8216 3.5).</summary>
    public static string TimestampMap(long mpegTsOfTimeZero) =>
        string.Create(CultureInfo.InvariantCulture, $"X-TIMESTAMP-MAP=MPEGTS:{mpegTsOfTimeZero},LOCAL:00:00:00.000");
}
