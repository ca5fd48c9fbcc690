using System.Text.RegularExpressions;

namespace HlsEncoder;

/// <summary>
/// Keeps secrets out of text meant for people: presigned URL query strings (they are bearer
/// credentials for S3) and any token value the caller registers.
/// </summary>
public static partial class Redaction
{
    public const string Mask = "<redacted>";

    /// <summary>The URL without its query string, for messages and logs.</summary>
    public static string Url(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var withoutQuery = url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return string.IsNullOrEmpty(url.Query) ? withoutQuery : $"{withoutQuery}?{Mask}";
    }

    /// <summary>Masks every URL query string and every occurrence of the given secrets.</summary>
    public static string Text(string text, IEnumerable<string>? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = UrlQuery().Replace(text, m => $"{m.Groups["base"].Value}?{Mask}");
        result = SigV4Parameter().Replace(result, m => $"{m.Groups["name"].Value}={Mask}");
        result = BearerHeader().Replace(result, $"Bearer {Mask}");
        if (secrets is not null)
        {
            foreach (var secret in secrets)
            {
                if (secret.Length >= 4)
                {
                    result = result.Replace(secret, Mask, StringComparison.Ordinal);
                }
            }
        }

        return result;
    }

    [GeneratedRegex(@"(?<base>\bhttps?://[^\s?#""'<>]+)\?[^\s#""'<>]*", RegexOptions.IgnoreCase)]
    private static partial Regex UrlQuery();

    [GeneratedRegex(@"(?<name>X-Amz-(?:Signature|Credential|Security-Token))=[^&\s""'<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex SigV4Parameter();

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9\-_=.+/]+", RegexOptions.IgnoreCase)]
    private static partial Regex BearerHeader();
}
