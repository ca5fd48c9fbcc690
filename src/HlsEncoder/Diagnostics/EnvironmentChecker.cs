using System.Runtime.CompilerServices;

namespace HlsEncoder.Diagnostics;

/// <summary>
/// Runs every check of a machine, one after the other, and hands each result over as soon as it is known:
/// ffmpeg and its features, the Whisper model, the backend and token, disk space, the state and config
/// folders, and how children are tied to the process. A failed check is a result, never an exception;
/// only cancellation ends the run early.
/// </summary>
public sealed class EnvironmentChecker(IOperationLog log)
{
    private readonly IOperationLog _log = log ?? throw new ArgumentNullException(nameof(log));

    /// <summary>How long one run of ffmpeg or ffprobe may take.</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public async IAsyncEnumerable<EnvironmentCheck> RunAsync(EnvironmentCheckRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _log.Verbose("Checking ffmpeg and ffprobe.");
        foreach (var check in await new FfmpegCheck(_log) { Timeout = ToolTimeout }.RunAsync(request.FfmpegPath, cancellationToken).ConfigureAwait(false))
        {
            yield return Logged(check);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (request.SkipModel)
        {
            _log.Verbose("Skipping the Whisper model (-SkipModel).");
        }
        else
        {
            _log.Verbose("Checking the Whisper model.");
            yield return Logged(WhisperModelCheck.Run(request.ModelPath, request.ModelName, request.ModelSettingPath, request.ModelCacheFolder));
        }

        cancellationToken.ThrowIfCancellationRequested();
        _log.Verbose("Checking the backend and the token.");
        yield return Logged(request.Backend is { } backend
            ? await BackendCheck.RunAsync(backend, cancellationToken).ConfigureAwait(false)
            : BackendCheck.NotConfigured(request.BackendProblem ?? "no backend client was given."));

        cancellationToken.ThrowIfCancellationRequested();
        _log.Verbose($"Checking the free space where videos and packages live ({request.WorkFolder}).");
        yield return Logged(DiskSpaceCheck.Run(request.WorkFolder));
        cancellationToken.ThrowIfCancellationRequested();
        _log.Verbose("Checking the state and config folders.");
        yield return Logged(FolderCheck.CheckStateFolder(request.StateFolderPath));
        yield return Logged(FolderCheck.CheckConfigFolder(request.Defaults));
        _log.Verbose("Checking how ffmpeg is tied to this process.");
        yield return Logged(ChildProcessCheck.Run());
    }

    private EnvironmentCheck Logged(EnvironmentCheck check)
    {
        _log.Debug($"{check.Name}: {check.Status}.");
        return check;
    }
}
