using System.Reflection;

namespace HlsEncoder;

public static class ProductInfo
{
    public const string Name = "HlsEncoder";

    public static string Version { get; } = typeof(ProductInfo).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(ProductInfo).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";

    /// <summary>How HlsEncoder signs the File records it creates (the old converter sent "python-encoder").</summary>
    public static string UploadedBy { get; } = $"hlsencoder/{Version}";

    public static string UserAgent { get; } = $"HlsEncoder/{Version}";
}
