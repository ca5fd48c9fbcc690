using HlsEncoder.Configuration;
using HlsEncoder.Publishing;

namespace HlsEncoder.Tests.Publishing;

public sealed class PublishDefaultsTests
{
    private const string Course = "65a1f0c2e4b0a1b2c3d4e5f6";
    private static readonly UserDefaults Nothing = new();
    private static readonly UserDefaults Remembered = new() { CourseId = "0123456789abcdef01234567", Name = "Remembered", Language = "fr", DeleteLocal = true };

    [Fact]
    public void A_parameter_wins_over_the_remembered_default_which_wins_over_the_configuration()
    {
        var given = PublishDefaults.TargetFor("/v/lecture.mp4", Course, "Given", "de", Remembered, defaultLanguage: "es");
        var remembered = PublishDefaults.TargetFor("/v/lecture.mp4", null, null, null, Remembered, defaultLanguage: "es");
        var configured = PublishDefaults.TargetFor("/v/lecture.mp4", Course, null, null, Nothing, defaultLanguage: "es");

        Assert.Equal((Course, "Given", "de"), (given.CourseId, given.Name, given.Language));
        Assert.Equal(("0123456789abcdef01234567", "Remembered", "fr"), (remembered.CourseId, remembered.Name, remembered.Language));
        Assert.Equal((Course, "lecture", "es"), (configured.CourseId, configured.Name, configured.Language));
    }

    [Fact]
    public void A_name_that_is_the_file_name_as_get_childitem_passes_it_becomes_the_name_without_extension()
    {
        Assert.Equal("Week 2 - Loops", PublishDefaults.NameFor("/v/Week 2 - Loops.mp4", "Week 2 - Loops.mp4", Remembered));
        Assert.Equal("Week 2 - Loops.mp4 (final)", PublishDefaults.NameFor("/v/Week 2 - Loops.mp4", "Week 2 - Loops.mp4 (final)", Remembered));
        Assert.Equal("Remembered", PublishDefaults.NameFor("/v/intro.mp4", null, Remembered));
        Assert.Equal("intro.v2", PublishDefaults.NameFor("/v/intro.v2.mp4", null, Nothing));
    }

    [Fact]
    public void Every_problem_with_the_target_is_said_at_once_before_any_request()
    {
        var error = Assert.Throws<HlsEncoderException>(() => PublishDefaults.TargetFor("/v/lecture.mp4", null, null, "xx", Nothing, "en"));

        Assert.Equal("InvalidPublishTarget", error.ErrorId);
        Assert.Contains("course id is required", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("'xx' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(false, true, false)]
    [InlineData(null, true, true)]
    [InlineData(null, false, false)]
    [InlineData(null, null, false)]
    public void DeleteLocal_given_even_as_false_wins_over_the_remembered_one(bool? parameter, bool? remembered, bool expected) =>
        Assert.Equal(expected, PublishDefaults.DeleteLocal(parameter, new UserDefaults { DeleteLocal = remembered }));

    [Fact]
    public void Remembered_defaults_take_only_the_values_given_normalised()
    {
        var current = new UserDefaults { CourseId = Course, Name = "Old", Language = "en", DeleteLocal = true, Path = "/home/a/.config/HlsEncoder/defaults.json" };

        var merged = current.With(courseId: "0123456789ABCDEF01234567", name: "  New name  ", language: "FR");
        var kept = current.With(deleteLocal: false);

        Assert.Equal(("0123456789abcdef01234567", "New name", "fr", true), (merged.CourseId, merged.Name, merged.Language, merged.DeleteLocal));
        Assert.Equal(current.Path, merged.Path);
        Assert.Equal((Course, "Old", "en", false), (kept.CourseId, kept.Name, kept.Language, kept.DeleteLocal));
    }
}
