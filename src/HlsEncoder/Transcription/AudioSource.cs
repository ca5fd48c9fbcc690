using System.Globalization;
using System.Text.Json;
using HlsEncoder.ExternalTools;

namespace HlsEncoder.Transcription;

/// <summary>
/// What ffprobe says about a file to transcribe: whether it has audio, how long it is, and where its
/// streams start. Decoding starts at the file's start time, so transcript time 0 is that instant.
/// </summary>
internal sealed record AudioSource(string Path, TimeSpan Duration, bool HasVideo, TimeSpan FormatStart, TimeSpan VideoStart, string Description)
{
    /// <summary>Fails with a per-file error when the file has no audio stream to transcribe.</summary>
    public static async Task<AudioSource> ProbeAsync(FfmpegTools tools, string path, CancellationToken cancellationToken)
    {
        var analysis = await FfprobeRunner.AnalyseAsync(tools, path, withStreamData: false, (detail, inner) =>
            new HlsEncoderException("SourceNotMedia", FailureKind.InvalidData, $"{path} is not an audio or video file ffprobe can read ({detail}).", path, inner),
            cancellationToken).ConfigureAwait(false);

        var streams = analysis.Raw.Streams;
        var audio = streams.FirstOrDefault(s => s.CodecType == "audio");
        if (audio is null)
        {
            var found = streams.Count == 0 ? "no streams" : string.Join(", ", streams.Select(s => s.CodecType).Distinct());
            throw new HlsEncoderException("NoAudioStream", FailureKind.InvalidData,
                $"{path} has no audio stream ({found}), so there is nothing to transcribe. Transcribe the original recording, or skip this video.", path);
        }

        var video = streams.FirstOrDefault(s => s.CodecType == "video");
        var formatDuration = ProbeTime.Parse(analysis.Raw.Format.Duration);
        var duration = formatDuration > TimeSpan.Zero ? formatDuration : ProbeTime.Parse(audio.Duration);
        var starts = streams.Select(s => SignedTime(s.StartTime)).ToArray();
        var formatStart = starts.Length > 0 ? starts.Min() : TimeSpan.Zero;
        var description = $"audio {audio.CodecName} {audio.SampleRate} Hz {audio.Channels} ch, {duration.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s";
        return new AudioSource(path, duration, video is not null, formatStart, video is null ? formatStart : SignedTime(video.StartTime), description);
    }

    /// <summary>The first presentation timestamp of the video in an MPEG-TS segment, in 90 kHz ticks.</summary>
    public static async Task<long> ReadVideoStartPtsAsync(FfmpegTools tools, string segmentPath, CancellationToken cancellationToken)
    {
        var analysis = await FfprobeRunner.AnalyseAsync(tools, segmentPath, withStreamData: false, (detail, inner) =>
            new HlsEncoderException("NotAnHlsPackage", FailureKind.InvalidData, $"ffprobe could not read the segment {segmentPath} ({detail}); encode the package again.", segmentPath, inner),
            cancellationToken).ConfigureAwait(false);
        var video = analysis.Raw.Streams.FirstOrDefault(s => s.CodecType == "video")
            ?? throw new HlsEncoderException("NotAnHlsPackage", FailureKind.InvalidData, $"The segment {segmentPath} has no video stream; encode the package again.", segmentPath);
        if (video.ExtensionData is not null && video.ExtensionData.TryGetValue("start_pts", out var startPts) && startPts.ValueKind == JsonValueKind.Number)
        {
            return startPts.GetInt64();
        }

        return (long)Math.Round(SignedTime(video.StartTime).TotalSeconds * 90_000);
    }

    private static TimeSpan SignedTime(string? text) =>
        text is { Length: > 1 } && text[0] == '-' ? -ProbeTime.Parse(text[1..]) : ProbeTime.Parse(text);
}
