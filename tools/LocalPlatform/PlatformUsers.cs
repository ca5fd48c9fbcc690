using System.Security.Cryptography;
using System.Text;

namespace LocalPlatform;

public sealed class PlatformUsers(byte[] signingKey)
{
    public PlatformUser For(string role) => new(StableId(role), $"{role}@localplatform.test", $"Local {role}", role);

    // Derived from the signing key so that the same data folder always gives the same user ids.
    private string StableId(string role) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes("user:" + role)))[..24];
}
