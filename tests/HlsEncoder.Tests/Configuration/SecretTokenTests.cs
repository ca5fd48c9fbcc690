using System.Text;
using System.Text.Json;
using HlsEncoder.Configuration;

namespace HlsEncoder.Tests.Configuration;

public sealed class SecretTokenTests
{
    [Fact]
    public void Never_shows_its_value_in_text_or_json()
    {
        var token = new SecretToken("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl");

        Assert.DoesNotContain("eyJ", token.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", JsonSerializer.Serialize(token), StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", $"{token}", StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_the_expiry_of_a_jwt()
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);
        var token = new SecretToken(Jwt($$"""{"sub":"1","exp":{{expires.ToUnixTimeSeconds()}}}"""));

        Assert.Equal(expires, token.ExpiresAt);
    }

    [Theory]
    [InlineData("opaque-token-without-dots")]
    [InlineData("a.!!!notbase64!!!.c")]
    public void Leaves_the_expiry_unknown_for_other_tokens(string value) => Assert.Null(new SecretToken(value).ExpiresAt);

    [Theory]
    [InlineData("", "EmptyAuthToken")]
    [InlineData("   ", "EmptyAuthToken")]
    [InlineData("abc def", "MalformedAuthToken")]
    [InlineData("abc\r\nX-Injected: 1", "MalformedAuthToken")]
    public void Refuses_tokens_that_cannot_be_a_jwt_header_value(string value, string errorId) =>
        Assert.Equal(errorId, Assert.Throws<HlsEncoderException>(() => new SecretToken(value)).ErrorId);

    [Fact]
    public void Trims_the_whitespace_a_copy_and_paste_adds() => Assert.Equal("a.b.c", new SecretToken("  a.b.c\n").Reveal());

    private static string Jwt(string payload) =>
        $"{Base64Url("""{"alg":"HS256","typ":"JWT"}""")}.{Base64Url(payload)}.c2ln";

    private static string Base64Url(string text) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
