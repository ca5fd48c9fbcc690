using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using FFMpegCore;
using FFMpegCore.Exceptions;

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
        var (exitCode, output, errors) = await RunAsync(tools.FfprobePath, arguments, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw onFailure(errors.Trim().Length > 0 ? errors.Trim().ReplaceLineEndings(" ") : $"ffprobe exited with {exitCode}", null);
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

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new HlsEncoderException("FfmpegNotFound", FailureKind.NotFound, $"{program} could not be started: {e.Message}", program, e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            return (process.ExitCode, await output.ConfigureAwait(false), await errors.ConfigureAwait(false));
        }
    }
}
