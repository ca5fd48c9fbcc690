namespace HlsEncoder.Validation;

/// <summary>Where a video is published: a course, a language and a display name, validated and normalised.</summary>
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

    /// <summary>The S3 prefix every object of this video lives under: courses/{courseId}/{language}/.</summary>
    public string Prefix => $"courses/{CourseId}/{Language}/";

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

    public override string ToString() => $"{Prefix} ({Name})";
}
