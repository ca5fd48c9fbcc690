namespace HlsEncoder;

/// <summary>What kind of failure an engine error is; the module maps it onto an ErrorCategory.</summary>
public enum FailureKind
{
    InvalidArgument,
    InvalidConfiguration,
    NotFound,
    AuthenticationFailed,
    PermissionDenied,
    ConnectionFailed,
    Timeout,
    ServerError,
    InvalidResponse,
    InvalidData,
    ResourceExists,
    OperationFailed,
}
