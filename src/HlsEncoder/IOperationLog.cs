namespace HlsEncoder;

/// <summary>
/// Where the engine tells an operator what it is doing. The module turns these into Write-Verbose and
/// Write-Debug; callers must never pass a token or a presigned URL's query string.
/// </summary>
public interface IOperationLog
{
    void Verbose(string message);

    void Debug(string message);

    void Warning(string message);

    /// <summary>
    /// Records one event of the run as data (a phase that started or ended, a file uploaded, a retry) for
    /// the machine-readable run log (-LogPath); a log without one ignores it.
    /// </summary>
    void Event(string name, params (string Key, object? Value)[] fields)
    {
    }
}
