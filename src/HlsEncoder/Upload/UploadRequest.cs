using HlsEncoder.Packaging;
using HlsEncoder.Validation;

namespace HlsEncoder.Upload;

public sealed class UploadRequest
{
    public const int DefaultThrottleLimit = 8;

    public required HlsPackage Package { get; init; }

    public required PublishTarget Target { get; init; }

    /// <summary>How many files are presigned and uploaded at the same time.</summary>
    public int ThrottleLimit { get; init; } = DefaultThrottleLimit;

    /// <summary>Ignore the saved state and send every file again.</summary>
    public bool Restart { get; init; }

    /// <summary>Discard a saved state that was for another course, language or prefix instead of refusing.</summary>
    public bool Force { get; init; }
}
