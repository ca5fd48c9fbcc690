using FFMpegCore;
using System.Globalization;
using HlsEncoder.ExternalTools;

namespace HlsEncoder.Ladder;

/// <summary>Checks that a source is a readable video file and reads its facts with ffprobe.</summary>
internal static class SourceProbe
{
    public static async Task<SourceMedia> ProbeAsync(FfmpegTools tools, string path, CancellationToken cancellationToken)
    {
        var analysis = await FfprobeRunner.AnalyseAsync(tools, path, withStreamData: false, (detail, inner) =>
            new HlsEncoderException("SourceNotVideo", FailureKind.InvalidData, $"{path} is not a video ffprobe can read ({detail}).", path, inner),
            cancellationToken).ConfigureAwait(false);

        cancellationToken.ThrowIfCancellationRequested();
        // As ffmpeg itself picks: the largest picture that is not a cover image.
        var video = analysis.Raw.Streams
            .Where(s => s.CodecType == "video" && !IsAttachedPicture(s))
            .OrderByDescending(s => (long)(s.Width ?? 0) * (s.Height ?? 0))
            .FirstOrDefault();
        if (video is null)
        {
            var found = analysis.Raw.Streams.Count == 0 ? "no streams" : string.Join(", ", analysis.Raw.Streams.Select(s => s.CodecType).Distinct());
            throw new HlsEncoderException("NoVideoStream", FailureKind.InvalidData,
                $"{path} has no video stream ({found}); HlsEncoder encodes videos. Audio-only files are not supported.", path);
        }

        var duration = ReadDuration(analysis, video);
        if (duration <= TimeSpan.Zero || video.Width is not > 0 || video.Height is not > 0)
        {
            throw new HlsEncoderException("SourceNotVideo", FailureKind.InvalidData,
                $"{path} has a {video.CodecName} picture but no playable duration (a still image?); HlsEncoder encodes videos.", path);
        }

        var audio = analysis.Raw.Streams.FirstOrDefault(s => s.CodecType == "audio");
        return new SourceMedia
        {
            Path = path,
            Duration = duration,
            CodedWidth = video.Width!.Value,
            CodedHeight = video.Height!.Value,
            SampleAspectRatio = ParseRatio(video.SampleAspectRatio),
            Rotation = analysis.VideoStreams.FirstOrDefault(v => v.Index == video.Index)?.Rotation ?? 0,
            AverageFrameRate = FrameRate.Parse(video.AvgFrameRate),
            RealFrameRate = FrameRate.Parse(video.FrameRate),
            IsInterlaced = video.FieldOrder is "tt" or "bb" or "tb" or "bt",
            VideoCodec = video.CodecName ?? string.Empty,
            VideoStreamIndex = video.Index,
            HasAudio = audio is not null,
            AudioStreamIndex = audio?.Index ?? 0,
            AudioChannels = audio?.Channels ?? 0,
        };
    }

    private static bool IsAttachedPicture(FFProbeStream stream) =>
        stream.Disposition is not null && stream.Disposition.TryGetValue("attached_pic", out var flag) && flag == 1;

    private static TimeSpan ReadDuration(IMediaAnalysis analysis, FFProbeStream video)
    {
        var format = ProbeTime.Parse(analysis.Raw.Format.Duration);
        return format > TimeSpan.Zero ? format : ProbeTime.Parse(video.Duration);
    }

    private static (int, int) ParseRatio(string? text)
    {
        var parts = (text ?? string.Empty).Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            && n > 0 && d > 0
                ? (n, d)
                : (1, 1);
    }
}
