using System.Text.Json;
using System.Text.Json.Serialization;
using HlsEncoder.ExternalTools;

namespace HlsEncoder.Ladder;

/// <summary>A video keyframe in a rendition's segments: the segment, where its PES starts in that file, and its presentation time (90 kHz).</summary>
internal readonly record struct SegmentKeyframe(int Segment, long Position, long Pts);

/// <summary>
/// Finds the video keyframes of a rendition's MPEG-TS segments with ffprobe (-show_packets: each packet's
/// pos, pts and K flag; nothing is decoded). Consecutive segments are read as one stream through ffmpeg's
/// concat protocol, so a rendition costs one ffprobe per batch rather than one per segment; a packet's pos
/// is then its offset in the batch, which maps back to a segment by the files' sizes.
/// </summary>
internal static class KeyframeProbe
{
    // A Windows command line holds at most 32,767 characters: a batch of names stays well below that.
    private const int MaxBatchCharacters = 8_000;

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowReadingFromString };

    /// <param name="folder">The folder the segments are in.</param>
    /// <param name="segmentFiles">The segment files, relative to <paramref name="folder"/>, in playlist order.</param>
    public static async Task<IReadOnlyList<SegmentKeyframe>> FindAsync(FfmpegTools tools, string folder, IReadOnlyList<string> segmentFiles, CancellationToken cancellationToken)
    {
        var sizes = segmentFiles.Select(file => new FileInfo(Path.Combine(folder, file)).Length).ToArray();
        var keyframes = new List<SegmentKeyframe>();
        foreach (var (first, count) in Batches(segmentFiles))
        {
            // The concat protocol splits its list at '|' and would read "a:b.ts" as a protocol: such a name is read alone.
            var input = count == 1
                ? "file:" + segmentFiles[first]
                : "concat:" + string.Join('|', segmentFiles.Skip(first).Take(count));
            string[] arguments = ["-loglevel", "error", "-select_streams", "v:0", "-show_entries", "packet=pts,pos,flags", "-of", "json", input];
            var (exitCode, output, errors) = await ChildProcess.RunToEndAsync(tools.FfprobePath, arguments, folder, NullOperationLog.Instance, cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw Failed(folder, segmentFiles[first], errors.Length > 0 ? errors : $"ffprobe exited with {exitCode}", null);
            }

            ProbeOutput probed;
            try
            {
                probed = JsonSerializer.Deserialize<ProbeOutput>(output, Json) ?? new ProbeOutput();
            }
            catch (JsonException e)
            {
                throw Failed(folder, segmentFiles[first], e.Message, e);
            }

            foreach (var packet in probed.Packets.Where(p => p.Flags?.StartsWith('K') == true && p.Pos is >= 0 && p.Pts is not null))
            {
                var position = packet.Pos!.Value;
                var segment = first;
                while (segment < first + count - 1 && position >= sizes[segment])
                {
                    position -= sizes[segment];
                    segment++;
                }

                keyframes.Add(new SegmentKeyframe(segment, position, packet.Pts!.Value));
            }
        }

        return keyframes;
    }

    /// <summary>Runs of consecutive segments that one ffprobe reads together: (index of the first, how many).</summary>
    private static IEnumerable<(int First, int Count)> Batches(IReadOnlyList<string> files)
    {
        var first = 0;
        while (first < files.Count)
        {
            var count = 0;
            var characters = 0;
            while (first + count < files.Count && Batchable(files[first + count]) && (count == 0 || characters + files[first + count].Length + 1 <= MaxBatchCharacters))
            {
                characters += files[first + count].Length + 1;
                count++;
            }

            count = Math.Max(count, 1);
            yield return (first, count);
            first += count;
        }
    }

    private static bool Batchable(string file) => file.IndexOfAny(['|', ':']) < 0;

    private static HlsEncoderException Failed(string folder, string file, string detail, Exception? inner) =>
        new("EncodeFailed", FailureKind.OperationFailed, $"ffprobe could not list the keyframes of {Path.Combine(folder, file)}: {detail}", Path.Combine(folder, file), inner);

    // ffprobe's packet entries, as few as needed: FFMpegCore's packet model reads every field of every packet.
    private sealed class ProbeOutput
    {
        [JsonPropertyName("packets")]
        public List<ProbePacket> Packets { get; set; } = [];
    }

    private sealed class ProbePacket
    {
        [JsonPropertyName("pts")]
        public long? Pts { get; set; }

        [JsonPropertyName("pos")]
        public long? Pos { get; set; }

        [JsonPropertyName("flags")]
        public string? Flags { get; set; }
    }
}
