using HlsEncoder.Validation;

namespace HlsEncoder.Tests.Validation;

public sealed class TargetRulesTests
{
    [Theory]
    [InlineData("65a1f0c2e4b0a1b2c3d4e5f6")]
    [InlineData("65A1F0C2E4B0A1B2C3D4E5F6")]
    public void A_course_id_is_24_hex_characters(string courseId) => Assert.Null(TargetRules.CheckCourseId(courseId));

    [Theory]
    [InlineData("65a1f0c2e4b0a1b2c3d4e5f", "has 23")]
    [InlineData("65a1f0c2e4b0a1b2c3d4e5f6a", "has 25")]
    [InlineData("65a1f0c2e4b0a1b2c3d4e5fg", "24 hexadecimal")]
    [InlineData(" 65a1f0c2e4b0a1b2c3d4e5f6", "24 hexadecimal")]
    [InlineData("", "required")]
    [InlineData(null, "required")]
    public void Anything_else_names_the_rule(string? courseId, string expected) =>
        Assert.Contains(expected, TargetRules.CheckCourseId(courseId), StringComparison.Ordinal);

    [Fact]
    public void A_name_is_required_and_at_most_200_characters()
    {
        Assert.Null(TargetRules.CheckName(new string('a', 200)));
        Assert.Null(TargetRules.CheckName("Séance 1 – Introduction (مقدمة)"));
        Assert.Contains("at most 200", TargetRules.CheckName(new string('a', 201)), StringComparison.Ordinal);
        Assert.Contains("required", TargetRules.CheckName("   "), StringComparison.Ordinal);
        Assert.Contains("control characters", TargetRules.CheckName("two\nlines"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    [InlineData("fr")]
    [InlineData("de")]
    [InlineData("ar")]
    [InlineData("hi")]
    [InlineData("EN")]
    public void The_six_platform_languages_are_supported(string language)
    {
        Assert.Null(TargetRules.CheckLanguage(language));
        Assert.Equal(language.ToLowerInvariant(), TargetRules.NormalizeLanguage(language));
    }

    [Theory]
    [InlineData("pt")]
    [InlineData("english")]
    [InlineData("")]
    public void Other_languages_list_the_supported_ones(string language) =>
        Assert.Contains("en, es, fr, de, ar, hi", TargetRules.CheckLanguage(language), StringComparison.Ordinal);

    [Fact]
    public void A_publish_target_normalises_and_reports_every_problem_at_once()
    {
        var target = PublishTarget.Create("65A1F0C2E4B0A1B2C3D4E5F6", "FR", "  Cours 1 ");
        Assert.Equal("courses/65a1f0c2e4b0a1b2c3d4e5f6/fr/", target.LanguagePrefix);
        Assert.Equal("Cours 1", target.Name);

        var error = Assert.Throws<HlsEncoderException>(() => PublishTarget.Create("nope", "xx", ""));
        Assert.Equal("InvalidPublishTarget", error.ErrorId);
        Assert.Contains("24 hexadecimal", error.Message, StringComparison.Ordinal);
        Assert.Contains("'xx' is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains("name is required", error.Message, StringComparison.Ordinal);
    }
}
