namespace HlsEncoder.Publishing;

/// <summary>
/// A worker went away while it had a video (its session broke: the host went down, sshd was killed, the
/// network was cut). The video's work there is lost or unfinished; since its keys depend only on its
/// content, another worker can do it again safely.
/// </summary>
public sealed class WorkerLostException : Exception
{
    public WorkerLostException()
    {
    }

    public WorkerLostException(string message)
        : base(message)
    {
    }

    public WorkerLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
