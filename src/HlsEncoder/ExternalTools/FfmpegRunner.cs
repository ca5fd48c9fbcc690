namespace HlsEncoder.ExternalTools;

/// <summary>
/// Runs one ffmpeg that reports its progress on standard output (-progress pipe:1 -nostats) and returns
/// once it has exited; Ctrl+C kills it and waits until it is gone (<see cref="ChildProcess"/>).
/// </summary>
internal static class FfmpegRunner
{
    /// <param name="onStarted">Told the process's identity as soon as it runs, e.g. to record it in a lock.</param>
    /// <param name="onFailure">Makes the error for a non-zero exit code from the code and ffmpeg's last lines of error output (or a note that it printed none).</param>
    /// <param name="onErrorLine">Told every line ffmpeg writes to standard error (where its filters print their summaries).</param>
    public static async Task RunAsync(
        FfmpegTools tools,
        IEnumerable<string> arguments,
        string workingDirectory,
        Action<FfmpegProgressReport> onProgress,
        Action<ProcessIdentity>? onStarted,
        Func<int, string, HlsEncoderException> onFailure,
        IOperationLog log,
        CancellationToken cancellationToken,
        Action<string>? onErrorLine = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(onProgress);
        ArgumentNullException.ThrowIfNull(onFailure);
        cancellationToken.ThrowIfCancellationRequested();
        await using var ffmpeg = ChildProcess.Start(tools.FfmpegPath, arguments, workingDirectory, log, onErrorLine);
        onStarted?.Invoke(ffmpeg.Identity);
        var parser = new FfmpegProgressParser();
        var reading = Task.Run(async () =>
        {
            using var reader = new StreamReader(ffmpeg.StandardOutput);
            while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                if (parser.Read(line) is { } report)
                {
                    onProgress(report);
                }
            }
        }, CancellationToken.None);

        int exitCode;
        try
        {
            exitCode = await ffmpeg.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Ends with the process, killed or not: its output closes.
            await reading.ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (exitCode != 0)
        {
            throw onFailure(exitCode, ffmpeg.ErrorTail.Length > 0 ? ffmpeg.ErrorTail : "it printed no error");
        }
    }
}
