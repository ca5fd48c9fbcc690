using System.Text.Json.Nodes;

namespace LocalPlatform;

public static class FaultRequest
{
    public static Fault? Parse(JsonObject body, out string? problem)
    {
        problem = null;
        var routeText = JsonBody.Text(body, "route") ?? "any";
        if (!Enum.TryParse<FaultRoute>(routeText, ignoreCase: true, out var route) || routeText.Any(char.IsDigit))
        {
            problem = "route must be one of: presign, files, auth, any";
            return null;
        }
        // A raw body stands in for a proxy or a wrong server answering, which may even say 200.
        var rawBody = JsonBody.Text(body, "body");
        var lowest = rawBody is null ? 400 : 200;
        if (!OptionalInt(body, "status", 0, out var status) || (status != 0 && (status < lowest || status > 599)))
        {
            problem = rawBody is null ? "status must be 0 or 400 to 599" : "status must be 200 to 599 with a body";
            return null;
        }
        if (!OptionalInt(body, "count", 1, out var count) || count < 1)
        {
            problem = "count must be at least 1";
            return null;
        }
        if (!OptionalInt(body, "delayMs", 0, out var delayMs) || delayMs < 0)
        {
            problem = "delayMs must be 0 or more";
            return null;
        }
        if (!OptionalInt(body, "afterCount", 0, out var afterCount) || afterCount < 0)
        {
            problem = "afterCount must be 0 or more";
            return null;
        }
        int? retryAfter = null;
        if (body["retryAfterSeconds"] is not null)
        {
            if (!JsonBody.TryInt(body, "retryAfterSeconds", out var seconds) || seconds < 0)
            {
                problem = "retryAfterSeconds must be 0 or more";
                return null;
            }
            retryAfter = seconds;
        }
        if (status == 0 && delayMs == 0)
        {
            problem = "a fault needs a status or a delayMs";
            return null;
        }
        return new Fault(route, status, count, retryAfter, delayMs, afterCount, rawBody);
    }

    private static bool OptionalInt(JsonObject body, string name, int fallback, out int value)
    {
        if (body[name] is null)
        {
            value = fallback;
            return true;
        }
        return JsonBody.TryInt(body, name, out value);
    }
}
