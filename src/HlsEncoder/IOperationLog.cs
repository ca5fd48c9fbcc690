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
}
