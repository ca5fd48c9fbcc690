namespace HlsEncoder.Validation;

/// <summary>Where a video's objects go under the course's language folder (backend-api.md, "S3 layout").</summary>
public enum S3KeyLayout
{
    /// <summary>courses/{courseId}/{language}/{videoKey}/...: a folder per video, so a course holds many.</summary>
    Video,

    /// <summary>
    /// courses/{courseId}/{language}/...: the original converter's flat layout, for a platform built around
    /// one video per course and language. Publishing a different video there replaces the one before.
    /// </summary>
    Course,
}
