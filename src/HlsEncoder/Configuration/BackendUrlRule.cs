using System.Net;

namespace HlsEncoder.Configuration;

/// <summary>
/// The backend receives the admin token with every request, so it must be reached over https; plain
/// http is only accepted for this machine (localhost, 127.0.0.1, ::1), where nothing crosses a network.
/// </summary>
public static class BackendUrlRule
{
    public const string Rule = "BACKEND_URL must be an absolute https:// URL (http:// is accepted only for localhost, 127.0.0.1 or ::1)";

    /// <summary>Returns the problem with <paramref name="value"/>, or null when it is usable.</summary>
    public static string? Check(string? value) => TryParse(value, out _, out var problem) ? null : problem;

    public static Uri Parse(string? value) =>
        TryParse(value, out var url, out var problem)
            ? url
            : throw new HlsEncoderException("InvalidBackendUrl", FailureKind.InvalidConfiguration, problem!, value);

    public static bool IsLoopback(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (string.Equals(url.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(url.IdnHost, out var address)
            && (address.Equals(IPAddress.Loopback) || address.Equals(IPAddress.IPv6Loopback));
    }

    private static bool TryParse(string? value, out Uri url, out string? problem)
    {
        url = null!;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "BACKEND_URL is not set. Set it in the environment or a .env file (e.g. BACKEND_URL=https://api.example.com), or pass -BackendUrl.";
            return false;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            problem = $"BACKEND_URL '{Redaction.Text(value)}' is not an absolute http(s) URL. {Rule}.";
            return false;
        }

        var shown = Redaction.Url(parsed);
        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            problem = $"BACKEND_URL must not carry a user name or password; the token goes in AUTH_TOKEN. Remove the 'user@' part.";
            return false;
        }

        if (!string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment))
        {
            problem = $"BACKEND_URL '{shown}' must not have a query string or fragment; give the base URL only (e.g. https://api.example.com).";
            return false;
        }

        if (parsed.Scheme == Uri.UriSchemeHttp && !IsLoopback(parsed))
        {
            problem = $"BACKEND_URL '{shown}' uses http:// for a remote host, which would send AUTH_TOKEN unencrypted. {Rule}. Use https://{parsed.Authority}{parsed.AbsolutePath.TrimEnd('/')}.";
            return false;
        }

        url = new Uri(parsed.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        problem = null;
        return true;
    }
}
