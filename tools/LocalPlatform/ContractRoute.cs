namespace LocalPlatform;

public enum ContractRoute
{
    Other,
    Auth,
    Presign,
    Files,
}

public static class ContractRoutes
{
    public const string AuthPath = "/api/v1/admin/auth/me";
    public const string PresignPath = "/api/v1/admin/content/aws/uploadUrlExact";
    public const string FilesPath = "/api/v1/admin/content/files";
    public const string ControlPrefix = "/_local";

    public static ContractRoute Classify(PathString path)
    {
        var text = path.Value?.TrimEnd('/') ?? "";
        return text switch
        {
            AuthPath => ContractRoute.Auth,
            PresignPath => ContractRoute.Presign,
            FilesPath => ContractRoute.Files,
            _ => ContractRoute.Other,
        };
    }

    public static bool IsControl(PathString path) => path.StartsWithSegments(ControlPrefix, StringComparison.Ordinal);

    public static string Name(ContractRoute route) => route.ToString().ToLowerInvariant();
}
