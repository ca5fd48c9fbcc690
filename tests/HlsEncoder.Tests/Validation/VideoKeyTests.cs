using HlsEncoder.Validation;

namespace HlsEncoder.Tests.Validation;

public sealed class VideoKeyTests
{
    private const string Hash = "3FA2C19B07d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4";

    [Theory]
    [InlineData("Session 1 - Introduction", "session-1-introduction")]
    [InlineData("Week 2: Loops & Conditions!", "week-2-loops-conditions")]
    [InlineData("Séance 3 – Économie française", "seance-3-economie-francaise")]
    [InlineData("Straße, Ærø, Łódź, Œuvre, Þing, Đà Nẵng", "strasse-aero-lodz-oeuvre-thing-da-nang")]
    [InlineData("  --Already-Slugged--  ", "already-slugged")]
    [InlineData("ﬁnal ½ (ＦＵＬＬＷＩＤＴＨ)", "final-1-2-fullwidth")]
    [InlineData("مقدمة", "")]
    [InlineData("परिचय", "")]
    [InlineData("Lecture مقدمة 5", "lecture-5")]
    public void A_slug_is_lower_case_ascii_letters_digits_and_single_dashes(string name, string slug) =>
        Assert.Equal(slug, VideoKey.Slug(name));

    [Fact]
    public void A_long_name_is_cut_at_a_word_to_at_most_60_characters()
    {
        var slug = VideoKey.Slug("Introduction to distributed systems, part one: consensus, replication and failure detectors");

        Assert.Equal("introduction-to-distributed-systems-part-one-consensus", slug);
        Assert.True(slug.Length <= VideoKey.MaxSlugLength);
        Assert.Equal(VideoKey.MaxSlugLength, VideoKey.Slug(new string('a', 200)).Length);
    }

    [Fact]
    public void The_key_is_the_slug_and_ten_hex_characters_of_the_content_hash()
    {
        Assert.Equal("session-1-introduction-3fa2c19b07", VideoKey.For("Session 1 - Introduction", Hash));
        Assert.Equal("3fa2c19b07", VideoKey.For("مقدمة", Hash));
        Assert.Equal(VideoKey.For("Intro", Hash), VideoKey.For("Intro", Hash.ToLowerInvariant()));
        Assert.NotEqual(VideoKey.For("Intro", Hash), VideoKey.For("Intro", "0" + Hash[1..]));
        Assert.Throws<ArgumentException>(() => VideoKey.For("Intro", "not-hex-at-all"));
        Assert.Throws<ArgumentException>(() => VideoKey.For("Intro", "abc"));
    }

    [Fact]
    public void A_target_gets_its_prefix_from_its_layout_and_content()
    {
        var target = PublishTarget.Create("65A1F0C2E4B0A1B2C3D4E5F6", "EN", "Session 1 - Introduction");

        Assert.Equal("courses/65a1f0c2e4b0a1b2c3d4e5f6/en/", target.LanguagePrefix);
        Assert.Throws<InvalidOperationException>(() => target.Prefix);
        Assert.Equal("courses/65a1f0c2e4b0a1b2c3d4e5f6/en/session-1-introduction-3fa2c19b07/", target.ForContent(Hash).Prefix);
        Assert.Equal("courses/65a1f0c2e4b0a1b2c3d4e5f6/en/", target.WithLayout(S3KeyLayout.Course).ForContent(Hash).Prefix);
        Assert.Null(target.WithLayout(S3KeyLayout.Course).ForContent(Hash).VideoKey);
        Assert.False(target.IsResolved);
        Assert.True(target.WithLayout(S3KeyLayout.Course).IsResolved);
    }

    [Fact]
    public void A_prefix_recorded_earlier_is_read_back_in_its_layout()
    {
        var target = PublishTarget.Create("65a1f0c2e4b0a1b2c3d4e5f6", "en", "Intro");

        var flat = target.AtRecordedPrefix("courses/65a1f0c2e4b0a1b2c3d4e5f6/en/");
        var perVideo = target.AtRecordedPrefix("courses/65a1f0c2e4b0a1b2c3d4e5f6/en/intro-3fa2c19b07/");

        Assert.Equal((S3KeyLayout.Course, "courses/65a1f0c2e4b0a1b2c3d4e5f6/en/"), (flat.Layout, flat.Prefix));
        Assert.Equal((S3KeyLayout.Video, "intro-3fa2c19b07"), (perVideo.Layout, perVideo.VideoKey));
        Assert.Throws<ArgumentException>(() => target.AtRecordedPrefix("courses/aaaaaaaaaaaaaaaaaaaaaaaa/en/"));
        Assert.Throws<ArgumentException>(() => target.AtRecordedPrefix("courses/65a1f0c2e4b0a1b2c3d4e5f6/en/a/b/"));
    }
}
