using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalPlatform;

public enum TokenCheck
{
    Valid,
    Malformed,
    BadSignature,
    Expired,
}

public sealed class JwtTokens(byte[] key, TimeProvider clock)
{
    private static readonly string EncodedHeader = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    public string Issue(PlatformUser user, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow();
        var payload = new JsonObject
        {
            ["sub"] = user.Id,
            ["email"] = user.Email,
            ["name"] = user.Name,
            ["role"] = user.Role,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.Add(lifetime).ToUnixTimeSeconds(),
        };
        var signingInput = EncodedHeader + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return signingInput + "." + Base64Url.EncodeToString(Sign(signingInput));
    }

    public TokenCheck Check(string token, out PlatformUser? user)
    {
        user = null;
        var parts = token.Split('.');
        if (parts.Length != 3 || !TryDecode(parts[0], out var header) || !TryDecode(parts[1], out var payloadBytes)
            || !TryDecode(parts[2], out var signature))
        {
            return TokenCheck.Malformed;
        }
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0] + "." + parts[1])))
        {
            return TokenCheck.BadSignature;
        }
        var algorithm = TryParseObject(header)?["alg"];
        if (algorithm?.GetValueKind() != JsonValueKind.String || (string)algorithm! != "HS256")
        {
            return TokenCheck.Malformed;
        }
        var payload = TryParseObject(payloadBytes);
        if (payload is null || !TryGetLong(payload["exp"], out var exp) || payload["role"]?.GetValueKind() != JsonValueKind.String)
        {
            return TokenCheck.Malformed;
        }
        if (clock.GetUtcNow().ToUnixTimeSeconds() >= exp)
        {
            return TokenCheck.Expired;
        }
        user = new PlatformUser(
            Text(payload["sub"]), Text(payload["email"]), Text(payload["name"]), Text(payload["role"]));
        return TokenCheck.Valid;
    }

    private byte[] Sign(string signingInput) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput));

    private static bool TryDecode(string part, out byte[] bytes)
    {
        bytes = [];
        if (part.Length == 0)
        {
            return false;
        }
        try
        {
            bytes = Base64Url.DecodeFromChars(part);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static JsonObject? TryParseObject(byte[] json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryGetLong(JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue jsonValue && node.GetValueKind() == JsonValueKind.Number && jsonValue.TryGetValue(out value);
    }

    private static string Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? (string)node! : "";
}
