using System.Text.Json.Serialization;
using HlsEncoder.Validation;

namespace HlsEncoder.Configuration;

/// <summary>
/// What a user asked HlsEncoder to remember between runs, like the old converter's s3_config.json:
/// never a secret, only values that explicit parameters override.
/// </summary>
public sealed class UserDefaults
{
    [JsonPropertyName("courseId")]
    public string? CourseId { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("language")]
    public string? Language { get; init; }

    [JsonPropertyName("deleteLocal")]
    public bool? DeleteLocal { get; init; }

    /// <summary>The file they are kept in.</summary>
    [JsonIgnore]
    public string Path { get; init; } = string.Empty;

    /// <summary>Checks each value that is set against the platform's rules.</summary>
    /// <summary>
    /// These defaults with the values given replacing the ones held (null keeps a value), normalised:
    /// what Set-HlsEncoderDefault saves.
    /// </summary>
    public UserDefaults With(string? courseId = null, string? name = null, string? language = null, bool? deleteLocal = null) => new()
    {
        CourseId = courseId is null ? CourseId : TargetRules.NormalizeCourseId(courseId),
        Name = name?.Trim() ?? Name,
        Language = language is null ? Language : TargetRules.NormalizeLanguage(language),
        DeleteLocal = deleteLocal ?? DeleteLocal,
        Path = Path,
    };

    public void Validate()
    {
        var problems = new[]
        {
            CourseId is null ? null : TargetRules.CheckCourseId(CourseId),
            Name is null ? null : TargetRules.CheckName(Name),
            Language is null ? null : TargetRules.CheckLanguage(Language),
        }.OfType<string>().ToArray();
        if (problems.Length > 0)
        {
            throw new HlsEncoderException("InvalidDefault", FailureKind.InvalidArgument, string.Join(" ", problems), this);
        }
    }

    public override string ToString() => Path;
}
