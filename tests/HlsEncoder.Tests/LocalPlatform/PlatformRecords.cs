namespace HlsEncoder.Tests.LocalPlatform;

public sealed record BackendRequest(
    DateTimeOffset Time, string Method, string Route, string Path, int Status, bool HasAuthorization, string? Key, string? ContentType);

public sealed record S3Request(string Method, string Key, int Status);
