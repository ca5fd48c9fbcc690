namespace HlsEncoder.Tests;

public sealed class RedactionTests
{
    private const string Presigned = "http://127.0.0.1:9000/media/courses/x/en/720p/seg_005.ts?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=S3RVER%2F20261125&X-Amz-Signature=abcdef0123456789";

    [Fact]
    public void A_url_keeps_its_path_and_loses_its_query()
    {
        var shown = Redaction.Url(new Uri(Presigned));

        Assert.Equal("http://127.0.0.1:9000/media/courses/x/en/720p/seg_005.ts?<redacted>", shown);
    }

    [Fact]
    public void Text_loses_every_query_string_signature_bearer_value_and_registered_secret()
    {
        var text = $"PUT {Presigned} failed; retry with X-Amz-Signature=ffff; header Authorization: Bearer eyJhbGc.payload.sig; token my-secret-token";

        var shown = Redaction.Text(text, ["my-secret-token"]);

        Assert.DoesNotContain("abcdef0123456789", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("ffff", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJhbGc", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("my-secret-token", shown, StringComparison.Ordinal);
        Assert.Contains("/media/courses/x/en/720p/seg_005.ts", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_without_secrets_is_unchanged()
    {
        const string text = "Uploading 12/34 (720p/seg_005.ts) to courses/65a1f0c2e4b0a1b2c3d4e5f6/en/";

        Assert.Equal(text, Redaction.Text(text, ["unrelated"]));
    }
}
