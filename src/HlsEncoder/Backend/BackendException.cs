namespace HlsEncoder.Backend;

/// <summary>A backend call that failed for good: after retries, or at once for 401/403 and other 4xx.</summary>
public sealed class BackendException : HlsEncoderException
{
    public BackendException(string errorId, FailureKind kind, string message, int? statusCode, int attempts, object? target = null, Exception? innerException = null)
        : base(errorId, kind, message, target, innerException)
    {
        StatusCode = statusCode;
        Attempts = attempts;
    }

    /// <summary>The last HTTP status the backend answered, or null when it never answered.</summary>
    public int? StatusCode { get; }

    public int Attempts { get; }

    /// <summary>True when the token itself was refused (401/403): every further call would be refused too.</summary>
    public bool IsAuthorizationFailure => Kind is FailureKind.AuthenticationFailed or FailureKind.PermissionDenied;
}
