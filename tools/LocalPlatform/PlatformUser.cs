namespace LocalPlatform;

public sealed record PlatformUser(string Id, string Email, string Name, string Role)
{
    public const string AdminRole = "admin";

    public bool IsAdmin => Role == AdminRole;
}
