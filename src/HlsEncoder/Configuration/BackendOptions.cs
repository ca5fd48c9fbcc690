namespace HlsEncoder.Configuration;

/// <summary>Everything the backend client needs, already validated.</summary>
public sealed class BackendOptions
{
    public BackendOptions(Uri baseUrl, SecretToken token)
    {
        BaseUrl = BackendUrlRule.Parse(baseUrl?.ToString());
        Token = token ?? throw new ArgumentNullException(nameof(token));
    }

    public Uri BaseUrl { get; }

    public SecretToken Token { get; }

    public string AuthValidateEndpoint { get; init; } = "/api/v1/admin/auth/me";

    public string PresignExactEndpoint { get; init; } = "/api/v1/admin/content/aws/uploadUrlExact";

    public string FileCreateEndpoint { get; init; } = "/api/v1/admin/content/files";

    /// <summary>How long one attempt may take before it counts as a timeout (and is retried).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public Uri Resolve(string endpoint) => new(BaseUrl, endpoint.TrimStart('/'));
}
