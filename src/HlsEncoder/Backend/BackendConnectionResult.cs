namespace HlsEncoder.Backend;

/// <summary>What Test-BackendConnection found, one attempt, never throwing for a failed check.</summary>
public sealed class BackendConnectionResult
{
    public BackendConnectionStatus Status { get; init; }

    public bool IsTokenValid => Status == BackendConnectionStatus.Connected;

    public string? BackendUrl { get; init; }

    public int? StatusCode { get; init; }

    public TimeSpan? Latency { get; init; }

    public BackendUser? User { get; init; }

    /// <summary>The token's own "exp" claim, when it is a readable JWT.</summary>
    public DateTimeOffset? TokenExpiresAt { get; init; }

    public string Message { get; init; } = string.Empty;

    public override string ToString() => $"{Status}: {Message}";
}
