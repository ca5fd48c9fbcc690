using System.Text.RegularExpressions;

namespace HlsEncoder.Validation;

/// <summary>
/// The platform's rules for where a video goes (backend-api.md, "Validation before any request").
/// Each check returns the problem as a sentence that names the rule and the fix, or null when valid.
/// </summary>
public static partial class TargetRules
{
    public const int MaxNameLength = 200;

    public static string? CheckCourseId(string? courseId)
    {
        if (string.IsNullOrWhiteSpace(courseId))
        {
            return "A course id is required: exactly 24 hexadecimal characters (a MongoDB ObjectId). Copy it from the course in the admin panel.";
        }

        return ObjectId().IsMatch(courseId)
            ? null
            : $"Course id '{Shorten(courseId)}' is not valid: it must be exactly 24 hexadecimal characters (0-9, a-f), like 65a1f0c2e4b0a1b2c3d4e5f6; it has {courseId.Length}. Copy it from the course in the admin panel.";
    }

    public static string? CheckName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "A video name is required (at most 200 characters): it is the title admins see in the file browser, e.g. 'Session 1 - Introduction'.";
        }

        if (name.Trim().Length > MaxNameLength)
        {
            return $"The video name is {name.Trim().Length} characters long; the platform allows at most {MaxNameLength}. Shorten it.";
        }

        return name.Any(char.IsControl)
            ? "The video name contains control characters (such as line breaks); use a single line of text."
            : null;
    }

    public static string? CheckLanguage(string? language) =>
        SupportedLanguage.Find(language) is not null
            ? null
            : string.IsNullOrWhiteSpace(language)
                ? $"A language is required: one of {string.Join(", ", SupportedLanguage.Codes)}."
                : $"Language '{Shorten(language)}' is not supported: use one of {string.Join(", ", SupportedLanguage.Codes)}.";

    public static string NormalizeCourseId(string courseId) => courseId.Trim().ToLowerInvariant();

    public static string NormalizeLanguage(string language) => SupportedLanguage.Find(language)?.Code
        ?? throw new HlsEncoderException("InvalidLanguage", FailureKind.InvalidArgument, CheckLanguage(language)!, language);

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "...";

    [GeneratedRegex("^[0-9a-fA-F]{24}$")]
    private static partial Regex ObjectId();
}
