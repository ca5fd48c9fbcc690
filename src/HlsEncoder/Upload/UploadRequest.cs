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

    /// <summary>The layout of the keys when <see cref="Target"/> does not say yet (it is not resolved).</summary>
    public S3KeyLayout Layout { get; init; } = S3KeyLayout.Video;

    /// <summary>In the course layout, replace a different video this machine uploaded to the same folder, instead of refusing.</summary>
    public bool Force { get; init; }

    /// <summary>Where course-layout folders are tracked; null for the current user's state folder.</summary>
    public CourseFolderRegistry? CourseFolders { get; init; }
}
