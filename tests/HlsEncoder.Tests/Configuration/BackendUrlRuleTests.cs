using HlsEncoder.Configuration;

namespace HlsEncoder.Tests.Configuration;

public sealed class BackendUrlRuleTests
{
    [Theory]
    [InlineData("https://api.example.com", "https://api.example.com/")]
    [InlineData("https://api.example.com/platform", "https://api.example.com/platform/")]
    [InlineData("http://localhost:5000", "http://localhost:5000/")]
    [InlineData("http://127.0.0.1:8080/", "http://127.0.0.1:8080/")]
    [InlineData("http://[::1]:8080", "http://[::1]:8080/")]
    [InlineData("HTTP://LOCALHOST", "http://localhost/")]
    public void Accepts_https_anywhere_and_http_on_loopback(string value, string expected)
    {
        Assert.Null(BackendUrlRule.Check(value));
        Assert.Equal(expected, BackendUrlRule.Parse(value).ToString());
    }

    [Theory]
    [InlineData("http://api.example.com", "http:// for a remote host")]
    [InlineData("http://10.0.0.5", "http:// for a remote host")]
    [InlineData("http://localhost.evil.example", "http:// for a remote host")]
    [InlineData("http://127.0.0.2", "http:// for a remote host")]
    [InlineData("ftp://api.example.com", "not an absolute http(s) URL")]
    [InlineData("api.example.com", "not an absolute http(s) URL")]
    [InlineData("https://user:pass@api.example.com", "user name or password")]
    [InlineData("https://api.example.com/?a=1", "query string")]
    [InlineData("", "not set")]
    public void Refuses_anything_that_could_expose_the_token_with_a_reason(string value, string reason)
    {
        var problem = BackendUrlRule.Check(value);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.Equal("InvalidBackendUrl", Assert.Throws<HlsEncoderException>(() => BackendUrlRule.Parse(value)).ErrorId);
    }

    [Fact]
    public void A_refused_url_with_a_query_string_is_not_echoed_with_it()
    {
        var problem = BackendUrlRule.Check("https://api.example.com/?token=supersecret");

        Assert.DoesNotContain("supersecret", problem, StringComparison.Ordinal);
    }
}
