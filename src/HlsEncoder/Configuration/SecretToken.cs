using System.Text.Json;

namespace HlsEncoder.Configuration;

/// <summary>
/// The backend token. Its value is only handed to the backend client: ToString, serialisation and
/// debugger views never show it.
/// </summary>
public sealed class SecretToken
{
    private readonly string _value;

    public SecretToken(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            throw new HlsEncoderException(
                "EmptyAuthToken", FailureKind.InvalidConfiguration,
                "AUTH_TOKEN is empty. Set AUTH_TOKEN (environment or .env) or pass -Token or -Credential.");
        }

        if (trimmed.Any(char.IsControl) || trimmed.Contains(' ', StringComparison.Ordinal))
        {
            throw new HlsEncoderException(
                "MalformedAuthToken", FailureKind.InvalidConfiguration,
                "AUTH_TOKEN contains spaces or control characters; a JWT has none. Copy the token again without line breaks.");
        }

        _value = trimmed;
        ExpiresAt = ReadJwtExpiry(trimmed);
    }

    /// <summary>The token's own expiry ("exp" claim) when it is a readable JWT; informational only.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    internal string Reveal() => _value;

    public override string ToString() => "(secret)";

    private static DateTimeOffset? ReadJwtExpiry(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var json = JsonDocument.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return json.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
