namespace HlsEncoder.Resilience;

/// <summary>
/// How often and how long to wait between attempts: the original converter's 1 s, 3 s, 10 s, with a
/// server's Retry-After honoured up to <see cref="MaxRetryAfter"/>.
/// </summary>
public sealed record RetrySchedule(IReadOnlyList<TimeSpan> Delays, TimeSpan MaxRetryAfter)
{
    public static RetrySchedule Default { get; } = new(
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10)],
        TimeSpan.FromMinutes(2));

    /// <summary>No waiting and no retry: for probes that should report what happened, once.</summary>
    public static RetrySchedule None { get; } = new([], TimeSpan.Zero);

    public int MaxAttempts => Delays.Count + 1;

    /// <summary>The wait before retry number <paramref name="retryIndex"/> (0 for the first retry).</summary>
    public TimeSpan DelayFor(int retryIndex, TimeSpan? retryAfter)
    {
        var planned = Delays[Math.Min(retryIndex, Delays.Count - 1)];
        return retryAfter is { } serverAsked && serverAsked >= TimeSpan.Zero
            ? (serverAsked > MaxRetryAfter ? MaxRetryAfter : serverAsked)
            : planned;
    }
}
