using System.Security.Cryptography;

namespace LocalPlatform;

public static class SigningKey
{
    private const int Length = 32;

    // Kept in the data folder so that tokens issued before a restart stay valid after it.
    public static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            if (existing.Length == Length)
            {
                return existing;
            }
        }
        var key = RandomNumberGenerator.GetBytes(Length);
        SecureFile.WriteAtomically(path, key, ownerOnly: true);
        return key;
    }
}
