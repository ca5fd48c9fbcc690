namespace HlsEncoder.Backend;

public enum BackendConnectionStatus
{
    Connected,
    Unauthorized,
    Forbidden,
    Unreachable,
    TimedOut,
    ServerError,
    UnexpectedResponse,
    InvalidConfiguration,
}
