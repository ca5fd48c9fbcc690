using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LocalPlatform;

public sealed class ObjectIds(TimeProvider clock)
{
    private readonly byte[] processPart = RandomNumberGenerator.GetBytes(5);
    private int counter = RandomNumberGenerator.GetInt32(0, 0xFFFFFF);

    // MongoDB ObjectId layout: 4 bytes of seconds, 5 random bytes per process, a 3-byte counter.
    public string Next()
    {
        Span<byte> id = stackalloc byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(id, (uint)clock.GetUtcNow().ToUnixTimeSeconds());
        processPart.CopyTo(id[4..]);
        var count = Interlocked.Increment(ref counter) & 0xFFFFFF;
        id[9] = (byte)(count >> 16);
        id[10] = (byte)(count >> 8);
        id[11] = (byte)count;
        return Convert.ToHexStringLower(id);
    }
}
