namespace LocalPlatform;

public sealed class RuntimeSettings
{
    private readonly int defaultPresignExpirySeconds;
    private int presignExpirySeconds;

    public RuntimeSettings(int defaultPresignExpirySeconds)
    {
        this.defaultPresignExpirySeconds = defaultPresignExpirySeconds;
        presignExpirySeconds = defaultPresignExpirySeconds;
    }

    public int PresignExpirySeconds
    {
        get => Volatile.Read(ref presignExpirySeconds);
        set => Volatile.Write(ref presignExpirySeconds, value);
    }

    public void Reset() => PresignExpirySeconds = defaultPresignExpirySeconds;
}
