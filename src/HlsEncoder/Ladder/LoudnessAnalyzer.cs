using System.Globalization;
using System.Text;
using HlsEncoder.ExternalTools;

namespace HlsEncoder.Ladder;

/// <summary>
/// The first pass of loudness normalization: one ffmpeg that decodes only the sound track (no picture, so it
/// costs a small part of the encode) through ebur128 with true-peak metering, and reads its summary.
/// </summary>
internal static class LoudnessAnalyzer
{
    /// <param name="onProgress">Told how much of the track is measured, as ffmpeg reports it.</param>
    /// <param name="applied">The gain and limiter to measure the sound through (the check after limiting); null measures the source as it is.</param>
    public static async Task<LoudnessMeasurement> MeasureAsync(
        FfmpegTools tools, SourceMedia source, int channels, Packaging.HlsLoudness? applied, Action<FfmpegProgressReport> onProgress, IOperationLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var output = new StringBuilder();
        void Collect(string line)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }

        HlsEncoderException Failed(int exitCode, string errors) => new("LoudnessAnalysisFailed", FailureKind.OperationFailed,
            $"ffmpeg failed (exit code {exitCode}) measuring the loudness of {source.Path}: {errors}. Run with -Verbose -Debug to see the command line, or encode with -NoLoudnessNormalization.",
            source.Path);

        await FfmpegRunner.RunAsync(tools, Arguments(source, channels, applied), Path.GetTempPath(), onProgress, onStarted: null, Failed, log, cancellationToken, Collect).ConfigureAwait(false);
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        return LoudnessMeasurement.ParseSummary(text)
            ?? throw new HlsEncoderException("LoudnessAnalysisFailed", FailureKind.OperationFailed,
                $"ffmpeg measured the loudness of {source.Path} but printed no summary. Run with -Verbose -Debug to see its output, or encode with -NoLoudnessNormalization.", source.Path);
    }

    /// <summary>The sound is measured in the channel layout the ladder encodes it in, as a listener hears it.</summary>
    internal static IReadOnlyList<string> Arguments(SourceMedia source, int channels, Packaging.HlsLoudness? applied = null) =>
    [
        // ebur128 prints its summary at the info level; framelog=verbose keeps its ten lines a second out of it.
        "-hide_banner", "-loglevel", "info", "-nostdin", "-y",
        "-i", "file:" + source.Path,
        "-map", "0:" + source.AudioStreamIndex.ToString(CultureInfo.InvariantCulture), "-vn", "-sn", "-dn",
        "-af", (applied is null ? $"aformat=channel_layouts={(channels == 1 ? "mono" : "stereo")}" : LoudnessNormalization.FilterChain(applied, channels, LadderPlan.AudioSampleRate))
            + ",ebur128=peak=true:framelog=verbose",
        "-f", "null", "-progress", "pipe:1", "-nostats", "-",
    ];
}
