namespace HlsEncoder.Resilience;

/// <summary>
/// Told to the operator before each retry: which operation, which attempt failed, why, and the wait.
/// <see cref="Status"/> is the HTTP status of the failed attempt, or null when it got no response (a
/// timeout, a refused connection).
/// </summary>
public sealed record RetryNotice(string Operation, int FailedAttempt, int MaxAttempts, TimeSpan Delay, string Reason, int? Status = null)
{
    public override string ToString() =>
        $"{Operation}: attempt {FailedAttempt} of {MaxAttempts} failed ({Reason}); retrying in {Delay.TotalSeconds:0.#} s.";

    /// <summary>Tells <paramref name="log"/>: <paramref name="message"/> (this notice's text by default) as verbose text, and a "retry" event for the run log.</summary>
    public void Report(IOperationLog log, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        log.Verbose(message ?? ToString());
        log.Event("retry", ("operation", Operation), ("attempt", FailedAttempt), ("maxAttempts", MaxAttempts), ("status", Status),
            ("waitSeconds", Math.Round(Delay.TotalSeconds, 3)), ("reason", Reason));
    }
}
