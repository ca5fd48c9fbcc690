namespace HlsEncoder.TestAssets;

/// <summary>Normally distributed values, the same sequence for the same seed (Box–Muller over a seeded <see cref="Random"/>).</summary>
public sealed class GaussianSampler(int seed, double standardDeviation)
{
    private readonly Random uniform = new(seed);
    private double? spare;

    public float Next()
    {
        if (spare is { } pending)
        {
            spare = null;
            return (float)(pending * standardDeviation);
        }

        // 1 - NextDouble() lies in (0, 1], so the logarithm stays finite.
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - uniform.NextDouble()));
        double angle = 2.0 * Math.PI * uniform.NextDouble();
        spare = radius * Math.Sin(angle);
        return (float)(radius * Math.Cos(angle) * standardDeviation);
    }
}
