namespace HlsEncoder.Configuration;

/// <summary>
/// Endpoints are paths on BACKEND_URL. An absolute URL is refused so that the token can never be sent
/// to another host through a mistyped setting.
/// </summary>
public static class EndpointRule
{
    public static string? Check(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return $"{name} is empty; remove it to use the default route.";
        }

        var trimmed = value.Trim();
        if (!trimmed.StartsWith('/') || trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.Contains("://", StringComparison.Ordinal))
        {
            return $"{name} '{trimmed}' must be a path on BACKEND_URL that starts with '/', such as /api/v1/admin/auth/me (an absolute URL would send the token to another host).";
        }

        return trimmed.Any(c => char.IsWhiteSpace(c) || c == '?' || c == '#')
            ? $"{name} '{trimmed}' must be a plain path without spaces, query string or fragment."
            : null;
    }
}
