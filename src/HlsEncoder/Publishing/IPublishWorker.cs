namespace HlsEncoder.Publishing;

/// <summary>
/// Another machine that encodes, transcribes and uploads a video for <see cref="HlsPublisher.PublishWithAsync"/>
/// (a PowerShell session to it); this machine keeps the publication's state and creates the File record.
/// </summary>
public interface IPublishWorker
{
    /// <summary>The machine that does the work, as results and messages name it.</summary>
    string ComputerName { get; }

    /// <summary>Encodes, transcribes (unless the request skips it) and uploads one video to exactly <see cref="RemotePublishWork.Target"/>.</summary>
    /// <exception cref="WorkerLostException">The worker went away; the video is untouched by this machine and can go to another worker.</exception>
    /// <exception cref="HlsEncoderException">The video failed there (its source, its upload); another worker would fail the same way.</exception>
    Task<RemotePublishOutcome> RunAsync(RemotePublishWork work, IProgress<PublishProgress> progress, CancellationToken cancellationToken);
}
