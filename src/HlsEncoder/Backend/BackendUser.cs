namespace HlsEncoder.Backend;

/// <summary>The admin the token belongs to, as the backend's auth/me route describes them.</summary>
public sealed class BackendUser
{
    public string? Id { get; init; }

    public string? Email { get; init; }

    public string? Name { get; init; }

    public string? Role { get; init; }

    public override string ToString() => Email ?? Name ?? Id ?? "(unknown)";
}
