namespace HlsEncoder;

/// <summary>
/// A failure the engine explains to a person: <see cref="Exception.Message"/> says what happened and
/// what to do next, <see cref="ErrorId"/> is stable so that scripts can match on it.
/// </summary>
public class HlsEncoderException : Exception
{
    public HlsEncoderException(string errorId, FailureKind kind, string message, object? target = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    public string ErrorId { get; }

    public FailureKind Kind { get; }

    public object? Target { get; }
}
