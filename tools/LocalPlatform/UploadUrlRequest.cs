using System.Text.Json.Nodes;

namespace LocalPlatform;

public sealed record UploadUrlRequest(string Key, string ContentType)
{
    public static UploadUrlRequest? Validate(JsonObject body, out string? problem)
    {
        var key = JsonBody.Text(body, "key");
        var contentType = JsonBody.Text(body, "contentType");
        problem = ObjectKeyRules.Problem(key, "key");
        if (problem is null && (contentType is null || !ContentTypes.Allowed.Contains(contentType)))
        {
            problem = "contentType must be one of: " + string.Join(", ", ContentTypes.Allowed);
        }
        return problem is null ? new UploadUrlRequest(key!, contentType!) : null;
    }
}
