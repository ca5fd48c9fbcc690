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
