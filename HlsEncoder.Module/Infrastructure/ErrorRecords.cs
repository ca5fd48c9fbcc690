using System.Management.Automation;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>Engine failures as PowerShell errors: a stable ErrorId, the right category, the item as target.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(HlsEncoderException exception, Func<string, string> redact) =>
        new(exception, exception.ErrorId, Category(exception.Kind), exception.Target)
        {
            ErrorDetails = new ErrorDetails(redact(exception.Message)),
        };

    public static ErrorRecord Create(string errorId, ErrorCategory category, string message, object? target) =>
        new(new HlsEncoderException(errorId, FailureKind.InvalidArgument, message, target), errorId, category, target);

    public static ErrorCategory Category(FailureKind kind) => kind switch
    {
        FailureKind.InvalidArgument => ErrorCategory.InvalidArgument,
        FailureKind.InvalidConfiguration => ErrorCategory.InvalidArgument,
        FailureKind.NotFound => ErrorCategory.ObjectNotFound,
        FailureKind.AuthenticationFailed => ErrorCategory.AuthenticationError,
        FailureKind.PermissionDenied => ErrorCategory.PermissionDenied,
        FailureKind.ConnectionFailed => ErrorCategory.ConnectionError,
        FailureKind.Timeout => ErrorCategory.OperationTimeout,
        FailureKind.ServerError => ErrorCategory.ResourceUnavailable,
        FailureKind.InvalidResponse => ErrorCategory.InvalidResult,
        FailureKind.InvalidData => ErrorCategory.InvalidData,
        FailureKind.ResourceExists => ErrorCategory.ResourceExists,
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>
    /// The failure kind an error of <paramref name="category"/> stands for (the first kind that <see cref="Category"/>
    /// maps onto it), as when a remote session's error becomes this machine's; OperationFailed for any other.
    /// </summary>
    public static FailureKind Kind(ErrorCategory category) =>
        Enum.GetValues<FailureKind>().FirstOrDefault(kind => kind != FailureKind.OperationFailed && Category(kind) == category, FailureKind.OperationFailed);
}
