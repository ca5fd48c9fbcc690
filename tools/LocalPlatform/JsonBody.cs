using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalPlatform;

public static class JsonBody
{
    public static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? (string?)value : null;

    public static bool TryInt(JsonObject body, string name, out int number)
    {
        number = 0;
        return body[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out number);
    }
}
