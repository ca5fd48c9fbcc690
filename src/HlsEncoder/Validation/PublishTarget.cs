namespace HlsEncoder.Validation;

/// <summary>
/// Where a video is published: a course, a language and a display name, validated and normalised, and
/// once its content is known, the S3 folder its objects go in.
/// </summary>
public sealed record PublishTarget
{
    private PublishTarget(string courseId, string language, string name)
    {
        CourseId = courseId;
        Language = language;
        Name = name;
    }

    public string CourseId { get; }

    public string Language { get; }

    public string Name { get; }

    /// <summary>How the video's keys are laid out under the language folder.</summary>
    public S3KeyLayout Layout { get; private init; } = S3KeyLayout.Video;

    /// <summary>The video's own folder name (<see cref="HlsEncoder.Validation.VideoKey"/>); null in the course layout, or before the content is known.</summary>
    public string? VideoKey { get; private init; }

    /// <summary>The course's folder for this language, which every video of it lives under: courses/{courseId}/{language}/.</summary>
    public string LanguagePrefix => $"courses/{CourseId}/{Language}/";

    /// <summary>
    /// The S3 prefix every object of this video lives under: courses/{courseId}/{language}/{videoKey}/, or
    /// courses/{courseId}/{language}/ in the course layout.
    /// </summary>
    /// <exception cref="InvalidOperationException">The video layout's key is not known yet (<see cref="ForContent"/>).</exception>
    public string Prefix => Layout == S3KeyLayout.Course ? LanguagePrefix
        : VideoKey is { } key ? $"{LanguagePrefix}{key}/"
        : throw new InvalidOperationException("The video's folder is named after its content: call ForContent first.");

    /// <summary>Whether <see cref="Prefix"/> is known: always in the course layout, once the content is known in the video layout.</summary>
    public bool IsResolved => Layout == S3KeyLayout.Course || VideoKey is not null;

    /// <summary>This target in <paramref name="layout"/>; a video folder is named once the content is known (<see cref="ForContent"/>).</summary>
    public PublishTarget WithLayout(S3KeyLayout layout) => Layout == layout ? this : this with { Layout = layout, VideoKey = null };

    /// <summary>This target with its video folder named for content hashing to <paramref name="contentHash"/> (hex); the course layout has none.</summary>
    public PublishTarget ForContent(string contentHash) =>
        Layout == S3KeyLayout.Course ? this : this with { VideoKey = Validation.VideoKey.For(Name, contentHash) };

    /// <summary>This target at a prefix recorded earlier (e.g. by HlsEncoder 0.1, which wrote the course layout).</summary>
    public PublishTarget AtRecordedPrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (prefix == LanguagePrefix)
        {
            return this with { Layout = S3KeyLayout.Course, VideoKey = null };
        }

        var key = prefix.StartsWith(LanguagePrefix, StringComparison.Ordinal) && prefix.EndsWith('/') ? prefix[LanguagePrefix.Length..^1] : null;
        return key is { Length: > 0 } && !key.Contains('/', StringComparison.Ordinal)
            ? this with { Layout = S3KeyLayout.Video, VideoKey = key }
            : throw new ArgumentException($"{prefix} is not a folder of {LanguagePrefix}.", nameof(prefix));
    }

    /// <summary>Validates all three values and reports every problem at once, before any request is made.</summary>
    public static PublishTarget Create(string? courseId, string? language, string? name)
    {
        var problems = new[] { TargetRules.CheckCourseId(courseId), TargetRules.CheckLanguage(language), TargetRules.CheckName(name) }
            .OfType<string>()
            .ToArray();
        if (problems.Length > 0)
        {
            throw new HlsEncoderException("InvalidPublishTarget", FailureKind.InvalidArgument, string.Join(" ", problems), courseId);
        }

        return new PublishTarget(TargetRules.NormalizeCourseId(courseId!), TargetRules.NormalizeLanguage(language!), name!.Trim());
    }

    public override string ToString() => $"{(IsResolved ? Prefix : LanguagePrefix)} ({Name})";
}
