using FFMpegCore;
using System.Text.Json;
using HlsEncoder.ExternalTools;
using HlsEncoder.Packaging;

namespace HlsEncoder.Ladder;

/// <summary>
/// Measures a finished rendition: bandwidths from its segment files and playlist, and resolution,
/// frame rate and codecs from ffprobe on its first segment. The master playlist is written from
/// these facts, never from what was asked for.
/// </summary>
internal static class RenditionInspector
{
    public static async Task<HlsRendition> InspectAsync(FfmpegTools tools, string renditionFolder, string name, string finalPlaylistPath, CancellationToken cancellationToken)
    {
        var playlistPath = Path.Combine(renditionFolder, LadderCommand.PlaylistFileName);
        var playlist = ReadComplete(playlistPath, name);
        var sizes = playlist.Segments
            .Select(s => new SegmentSize(new FileInfo(Path.Combine(renditionFolder, s.Uri)).Length, s.Duration))
            .ToArray();
        var (peak, average) = BandwidthMeter.Measure(sizes, TimeSpan.FromSeconds(playlist.TargetDurationSeconds));

        var firstSegment = Path.Combine(renditionFolder, playlist.Segments[0].Uri);
        // With -show_data ffprobe adds each stream's extradata: for H.264 in MPEG-TS, the SPS and PPS.
        var analysis = await FfprobeRunner.AnalyseAsync(tools, firstSegment, withStreamData: true, (detail, inner) =>
            new HlsEncoderException("EncodeFailed", FailureKind.OperationFailed, $"ffprobe could not read the {name} rendition's first segment {firstSegment}: {detail}", firstSegment, inner),
            cancellationToken).ConfigureAwait(false);
        var video = analysis.Raw.Streams.FirstOrDefault(s => s.CodecType == "video")
            ?? throw new HlsEncoderException("EncodeFailed", FailureKind.OperationFailed, $"The {name} rendition has no video stream.", firstSegment);
        var audio = analysis.Raw.Streams.FirstOrDefault(s => s.CodecType == "audio");
        var videoCodec = ReadSpsCodec(video) ?? CodecString.FromProfile(video.Profile, video.Level);
        var codecs = audio is null ? videoCodec : $"{videoCodec},{CodecString.ForAac(audio.Profile)}";
        var frameRate = FrameRate.Parse(video.AvgFrameRate);
        if (!frameRate.IsValid)
        {
            frameRate = FrameRate.Parse(video.FrameRate);
        }

        return new HlsRendition(
            name, video.Width ?? 0, video.Height ?? 0, peak, average, codecs, Math.Round(frameRate.Value, 3),
            finalPlaylistPath, playlist.Segments.Count, audio is not null);
    }

    private static MediaPlaylist ReadComplete(string playlistPath, string name) =>
        MediaPlaylist.TryReadComplete(playlistPath, out var problem) is { } playlist
            ? playlist
            : throw new HlsEncoderException("EncodeFailed", FailureKind.OperationFailed, $"ffmpeg left the {name} rendition incomplete: {problem}.", playlistPath);

    private static string? ReadSpsCodec(FFProbeStream video) =>
        video.ExtensionData is not null && video.ExtensionData.TryGetValue("extradata", out var extradata) && extradata.ValueKind == JsonValueKind.String
            ? CodecString.FromAnnexB(CodecString.ParseHexDump(extradata.GetString()))
            : null;
}
