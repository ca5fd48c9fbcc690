using HlsEncoder.Packaging;

namespace HlsEncoder.Tests.Packaging;

public sealed class MasterPlaylistWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-master-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Renders_every_variant_with_measured_attributes_starting_at_720p()
    {
        var text = new MasterPlaylistWriter().Render(Package());

        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:6
            #EXT-X-INDEPENDENT-SEGMENTS

            #EXT-X-STREAM-INF:BANDWIDTH=3100000,AVERAGE-BANDWIDTH=2400000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=29.970,CLOSED-CAPTIONS=NONE
            720p/index.m3u8

            #EXT-X-STREAM-INF:BANDWIDTH=6200000,AVERAGE-BANDWIDTH=4800000,CODECS="avc1.640028,mp4a.40.2",RESOLUTION=1920x1080,FRAME-RATE=29.970,CLOSED-CAPTIONS=NONE
            1080p/index.m3u8

            #EXT-X-STREAM-INF:BANDWIDTH=1550000,AVERAGE-BANDWIDTH=1100000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=854x480,FRAME-RATE=29.970,CLOSED-CAPTIONS=NONE
            480p/index.m3u8

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void A_subtitles_group_is_declared_once_and_referenced_by_every_variant()
    {
        var package = Package();
        var english = new HlsSubtitleTrack("English", "en", Path.Combine(_folder, "subtitles", "en", "index.m3u8")) { IsDefault = true };
        var french = new HlsSubtitleTrack("Français", "fr", "subtitles/fr/index.m3u8") { AutoSelect = false };

        var lines = new MasterPlaylistWriter().Render(package, [english, french]).Split('\n');

        Assert.Equal(
            [
                "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English\",DEFAULT=YES,AUTOSELECT=YES,FORCED=NO,LANGUAGE=\"en\",URI=\"subtitles/en/index.m3u8\"",
                "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"Français\",DEFAULT=NO,AUTOSELECT=NO,FORCED=NO,LANGUAGE=\"fr\",URI=\"subtitles/fr/index.m3u8\"",
            ],
            lines.Where(l => l.StartsWith("#EXT-X-MEDIA:", StringComparison.Ordinal)));
        var variants = lines.Where(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, variants.Length);
        Assert.All(variants, v => Assert.EndsWith(",SUBTITLES=\"subs\"", v, StringComparison.Ordinal));
        Assert.True(Array.IndexOf(lines, lines.First(l => l.StartsWith("#EXT-X-MEDIA", StringComparison.Ordinal)))
            < Array.IndexOf(lines, variants[0]), "The group is declared before the variants that use it.");
    }

    [Fact]
    public void Without_subtitles_no_variant_refers_to_a_group()
    {
        var text = new MasterPlaylistWriter().Render(Package(), []);

        Assert.DoesNotContain("SUBTITLES", text, StringComparison.Ordinal);
        Assert.DoesNotContain("#EXT-X-MEDIA", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_track_is_always_auto_selectable()
    {
        var track = new HlsSubtitleTrack("English", "en", "subtitles/en/index.m3u8") { IsDefault = true, AutoSelect = false };

        Assert.Contains("DEFAULT=YES,AUTOSELECT=YES", new MasterPlaylistWriter().Render(Package(), [track]), StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_what_a_playlist_cannot_hold()
    {
        var writer = new MasterPlaylistWriter();

        Assert.Throws<ArgumentException>(() => writer.Render(Package(), [new HlsSubtitleTrack("Say \"hi\"", "en", "s/en.m3u8")]));
        Assert.Throws<ArgumentException>(() => writer.Render(Package(), [new HlsSubtitleTrack("English", "en", "/elsewhere/en.m3u8")]));
        Assert.Throws<ArgumentException>(() => writer.Render(Package(), [
            new HlsSubtitleTrack("English", "en", "s/en.m3u8") { IsDefault = true },
            new HlsSubtitleTrack("French", "fr", "s/fr.m3u8") { IsDefault = true },
        ]));
    }

    [Fact]
    public void The_start_variant_is_the_largest_up_to_720p_or_else_the_smallest()
    {
        Assert.Equal(["720p", "1080p", "480p"], MasterPlaylistWriter.OrderVariants(Package().Renditions).Select(r => r.Name));
        Assert.Equal(["1080p", "2160p"], MasterPlaylistWriter.OrderVariants([Rendition("2160p", 3840, 2160, 16_000_000), Rendition("1080p", 1920, 1080, 6_000_000)]).Select(r => r.Name));
        Assert.Equal(["480p", "1440p"], MasterPlaylistWriter.OrderVariants([Rendition("1440p", 2560, 1440, 9_000_000), Rendition("480p", 854, 480, 1_000_000)]).Select(r => r.Name));
        Assert.Equal(["720p", "1080p"], MasterPlaylistWriter.OrderVariants([Rendition("1080p", 1080, 1920, 6_000_000), Rendition("720p", 720, 1280, 3_000_000)]).Select(r => r.Name));
    }

    [Fact]
    public void Write_replaces_master_m3u8_atomically_in_the_package_folder()
    {
        var package = Package();
        File.WriteAllText(package.MasterPlaylist, "old");

        new MasterPlaylistWriter().Write(package, [new HlsSubtitleTrack("English", "en", "subtitles/en/index.m3u8")]);

        Assert.StartsWith("#EXTM3U\n", File.ReadAllText(package.MasterPlaylist), StringComparison.Ordinal);
        Assert.Contains("SUBTITLES=\"subs\"", File.ReadAllText(package.MasterPlaylist), StringComparison.Ordinal);
        Assert.Equal([package.MasterPlaylist], Directory.GetFiles(_folder));
    }

    private HlsPackage Package() => new(
        "/videos/lecture.mp4", _folder, TimeSpan.FromSeconds(60),
        [
            Rendition("480p", 854, 480, 1_550_000, 1_100_000),
            Rendition("1080p", 1920, 1080, 6_200_000, 4_800_000, "avc1.640028,mp4a.40.2"),
            Rendition("720p", 1280, 720, 3_100_000, 2_400_000),
        ],
        TimeSpan.FromSeconds(6));

    private HlsRendition Rendition(string name, int width, int height, long peak, long? average = null, string codecs = "avc1.64001f,mp4a.40.2") =>
        new(name, width, height, peak, average ?? peak / 2, codecs, 29.97, Path.Combine(_folder, name, "index.m3u8"), 10, hasAudio: true);
}
