using System.Text.Json.Nodes;

namespace LocalPlatform;

public static class Envelope
{
    public static Task WriteAsync(HttpContext context, int code, JsonNode? data, string? message = null)
    {
        var body = new JsonObject
        {
            ["success"] = code is >= 200 and < 300,
            ["code"] = code,
            ["data"] = data,
        };
        if (message is not null)
        {
            body["message"] = message;
        }
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(JsonText.Options), context.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext context, int code, string message) => WriteAsync(context, code, null, message);

    public static string DefaultMessage(int code) => code switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        408 => "Request timeout",
        429 => "Too many requests",
        500 => "Internal server error",
        502 => "Bad gateway",
        503 => "Service unavailable",
        504 => "Gateway timeout",
        _ => $"HTTP {code}",
    };
}
