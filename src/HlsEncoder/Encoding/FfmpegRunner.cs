using FFMpegCore;
using HlsEncoder.ExternalTools;

namespace HlsEncoder.Encoding;

/// <summary>
/// Runs one ffmpeg process through FFMpegCore. Cancelling asks ffmpeg to quit and kills it if it has
/// not within half a second; this returns only once the process has exited, so nothing outlives it.
/// </summary>
internal static class FfmpegRunner
{
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromMilliseconds(500);
    private const int ErrorLinesKept = 12;

    public static async Task RunAsync(
        FfmpegTools tools, LadderCommand command, string workingDirectory, Action<FfmpegProgressReport> onProgress, IOperationLog log, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var parser = new FfmpegProgressParser();
        var errorTail = new Queue<string>();
        var options = tools.CreateOptions();
        options.WorkingDirectory = workingDirectory;

        var processor = FFMpegArguments
            .FromInput(new RawArguments(command.InputArguments))
            .OutputTo(new RawArguments(command.OutputArguments.Append(command.OutputPattern)))
            .NotifyOnStandardOutput(line =>
            {
                if (parser.Read(line) is { } report)
                {
                    onProgress(report);
                }
            })
            .NotifyOnStandardError(line =>
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    return;
                }

                log.Debug($"ffmpeg: {line}");
                lock (errorTail)
                {
                    errorTail.Enqueue(line.Trim());
                    if (errorTail.Count > ErrorLinesKept)
                    {
                        errorTail.Dequeue();
                    }
                }
            })
            .CancellableThrough(cancellationToken, StopGracePeriod);

        var result = await processor.ProcessAsynchronously(false, options, cancellationToken).ConfigureAwait(false);
        if (result.Cancelled || cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("ffmpeg was stopped.", cancellationToken);
        }

        if (!result.Success)
        {
            string detail;
            lock (errorTail)
            {
                detail = errorTail.Count > 0 ? string.Join(" | ", errorTail) : "it printed no error";
            }

            throw new HlsEncoderException("EncodeFailed", FailureKind.OperationFailed,
                $"ffmpeg failed (exit code {result.ExitCode}) encoding {command.SourcePath}: {detail}. Run with -Verbose -Debug to see the command line and ffmpeg's output.",
                command.SourcePath);
        }
    }
}
