using FFMpegCore.Exceptions;
using FFMpegCore;

namespace HlsEncoder.ExternalTools;

/// <summary>
/// Runs ffprobe and reads its JSON with FFMpegCore's model (FFProbe.FromJson). ffprobe is started with an
/// argument list rather than through FFProbe.AnalyseAsync, whose command line breaks on a path that
/// holds a double quote (legal on Linux and macOS, and copied into the package folder's name).
/// </summary>
internal static class FfprobeRunner
{
    /// <summary>What ffprobe said about <paramref name="path"/>, or why it could not say anything.</summary>
    public static async Task<IMediaAnalysis> AnalyseAsync(FfmpegTools tools, string path, bool withStreamData, Func<string, Exception?, HlsEncoderException> onFailure, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "-loglevel", "error", "-print_format", "json", "-sexagesimal", "-show_format", "-show_streams",
            .. withStreamData ? new[] { "-show_data" } : [],
            "file:" + path,
        ];
        var (exitCode, output, errors) = await ChildProcess.RunToEndAsync(tools.FfprobePath, arguments, NullOperationLog.Instance, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw onFailure(errors.Length > 0 ? errors : $"ffprobe exited with {exitCode}", null);
        }

        try
        {
            return FFProbe.FromJson(output);
        }
        catch (Exception e) when (e is FFProbeException or FFMpegException or System.Text.Json.JsonException or FormatException)
        {
            throw onFailure(e.Message, e);
        }
    }
}
