namespace HlsEncoder.Resilience;

/// <summary>Told to the operator before each retry: which operation, which attempt failed, why, and the wait.</summary>
public sealed record RetryNotice(string Operation, int FailedAttempt, int MaxAttempts, TimeSpan Delay, string Reason)
{
    public override string ToString() =>
        $"{Operation}: attempt {FailedAttempt} of {MaxAttempts} failed ({Reason}); retrying in {Delay.TotalSeconds:0.#} s.";
}
