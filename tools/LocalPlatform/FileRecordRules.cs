using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalPlatform;

public static class FileRecordRules
{
    public const int MaxNameLength = 200;

    public static readonly IReadOnlySet<string> Languages = new HashSet<string>(StringComparer.Ordinal)
    {
        "en", "es", "fr", "de", "ar", "hi",
    };

    public static string? Problem(JsonObject body)
    {
        var name = JsonBody.Text(body, "name");
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            return $"name is required and must be 1 to {MaxNameLength} characters";
        }
        var courseId = JsonBody.Text(body, "courseId");
        if (courseId is null || courseId.Length != 24 || !courseId.All(char.IsAsciiHexDigit))
        {
            return "courseId must be 24 hexadecimal characters";
        }
        var language = JsonBody.Text(body, "language");
        if (language is null || !Languages.Contains(language))
        {
            return "language must be one of: " + string.Join(", ", Languages);
        }
        if (JsonBody.Text(body, "type") != "hls")
        {
            return "type must be \"hls\"";
        }
        if (MasterKeyProblem(body, courseId, language) is { } masterProblem)
        {
            return masterProblem;
        }
        if (body["qualities"] is not JsonArray qualities || qualities.Count == 0
            || qualities.Any(quality => quality?.GetValueKind() != JsonValueKind.String))
        {
            return "qualities must be a non-empty array of strings";
        }
        if (body["duration"] is not JsonValue duration || duration.GetValueKind() != JsonValueKind.Number
            || !duration.TryGetValue(out long seconds) || seconds < 0)
        {
            return "duration must be a non-negative whole number of seconds";
        }
        if (string.IsNullOrWhiteSpace(JsonBody.Text(body, "uploadedBy")))
        {
            return "uploadedBy is required";
        }
        return null;
    }

    private static string? MasterKeyProblem(JsonObject body, string courseId, string language)
    {
        if (body["s3Keys"] is not JsonObject s3Keys)
        {
            return "s3Keys must be an object with a master key";
        }
        var master = JsonBody.Text(s3Keys, "master");
        if (ObjectKeyRules.Problem(master, "s3Keys.master") is { } problem)
        {
            return problem;
        }
        var folder = $"courses/{courseId}/{language}/";
        return master!.StartsWith(folder, StringComparison.Ordinal) ? null : $"s3Keys.master must be under {folder}";
    }
}
