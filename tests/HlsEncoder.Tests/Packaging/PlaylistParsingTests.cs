using HlsEncoder.Packaging;

namespace HlsEncoder.Tests.Packaging;

/// <summary>The master playlist parser, attribute lists, and the media playlist's init segments and byte ranges.</summary>
public sealed class PlaylistParsingTests
{
    [Fact]
    public void An_attribute_list_keeps_commas_inside_quoted_strings()
    {
        var attributes = AttributeList.Parse("BANDWIDTH=1200000,CODECS=\"avc1.64001f,mp4a.40.2\",RESOLUTION=1280x720,FRAME-RATE=29.970,NAME=\"a=b\"");

        Assert.Equal(1_200_000, attributes.Integer("BANDWIDTH"));
        Assert.Equal("avc1.64001f,mp4a.40.2", attributes.Text("CODECS"));
        Assert.Equal((1280, 720), attributes.Resolution("RESOLUTION"));
        Assert.Equal(29.97, attributes.Decimal("FRAME-RATE"));
        Assert.Equal("a=b", attributes.Text("NAME"));
        Assert.Null(attributes.Text("AUDIO"));
        Assert.Null(attributes.Integer("AVERAGE-BANDWIDTH"));
    }

    [Theory]
    [InlineData("CODECS=\"avc1", "not closed")]
    [InlineData("CODECS=\"avc1\"x,BANDWIDTH=1", "instead of a comma")]
    [InlineData("bandwidth=1", "not an attribute name")]
    [InlineData("BANDWIDTH", "not NAME=value")]
    public void A_broken_attribute_list_is_refused(string text, string problem) =>
        Assert.Contains(problem, Assert.Throws<FormatException>(() => AttributeList.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_value_of_the_wrong_type_is_refused_naming_it()
    {
        Assert.Contains("BANDWIDTH=fast is not a whole number", Assert.Throws<FormatException>(() => AttributeList.Parse("BANDWIDTH=fast").Integer("BANDWIDTH")).Message, StringComparison.Ordinal);
        Assert.Contains("RESOLUTION=1280by720 is not WIDTHxHEIGHT", Assert.Throws<FormatException>(() => AttributeList.Parse("RESOLUTION=1280by720").Resolution("RESOLUTION")).Message, StringComparison.Ordinal);
        Assert.Contains("FRAME-RATE=25fps is not a decimal number", Assert.Throws<FormatException>(() => AttributeList.Parse("FRAME-RATE=25fps").Decimal("FRAME-RATE")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_master_playlist_lists_its_variants_media_and_i_frame_streams()
    {
        var master = MasterPlaylist.Parse(new StringReader("""
            #EXTM3U
            #EXT-X-VERSION:6
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aac",NAME="English",LANGUAGE="en",URI="audio/en.m3u8"
            #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Deutsch",LANGUAGE="de",URI="subs/de.m3u8"
            #EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="CC1",INSTREAM-ID="CC1"

            #EXT-X-STREAM-INF:BANDWIDTH=3100000,AVERAGE-BANDWIDTH=2400000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=29.970,AUDIO="aac",SUBTITLES="subs"
            720p/index.m3u8
            # a comment between a variant and the next
            #EXT-X-STREAM-INF:BANDWIDTH=800000
            low.m3u8
            #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=90000,URI="720p/iframes.m3u8"
            """));

        Assert.Equal(
            [
                new VariantStream("720p/index.m3u8", 3_100_000, 2_400_000, "avc1.64001f,mp4a.40.2", (1280, 720), 29.97, "aac", "subs"),
                new VariantStream("low.m3u8", 800_000, null, null, null, null, null, null),
            ],
            master.Variants);
        Assert.Equal(
            [
                new AlternateMedia("AUDIO", "aac", "English", "en", "audio/en.m3u8"),
                new AlternateMedia("SUBTITLES", "subs", "Deutsch", "de", "subs/de.m3u8"),
                new AlternateMedia("CLOSED-CAPTIONS", "cc", "CC1", null, null),
            ],
            master.Media);
        Assert.Equal([new IFrameStream("720p/iframes.m3u8", 90_000)], master.IFrameStreams);
    }

    [Theory]
    [InlineData("<html>", "must start with #EXTM3U")]
    [InlineData("#EXTM3U\n#EXT-X-STREAM-INF:RESOLUTION=640x360\na.m3u8\n", "Line 2: BANDWIDTH is missing")]
    [InlineData("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n#EXT-X-STREAM-INF:BANDWIDTH=2\nb.m3u8\n", "Line 3: an #EXT-X-STREAM-INF follows another")]
    [InlineData("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n", "has no URI line")]
    [InlineData("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg_000.ts\n", "Line 4: the URI 'seg_000.ts' follows no #EXT-X-STREAM-INF")]
    [InlineData("#EXTM3U\n#EXT-X-MEDIA:TYPE=SUBTITLES,NAME=\"x\",URI=\"s.m3u8\"\n", "Line 2: GROUP-ID is missing")]
    [InlineData("#EXTM3U\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1\n", "Line 2: URI is missing")]
    public void A_broken_master_playlist_is_refused_saying_where(string text, string problem) =>
        Assert.Contains(problem, Assert.Throws<FormatException>(() => MasterPlaylist.Parse(new StringReader(text))).Message, StringComparison.Ordinal);

    [Fact]
    public void A_media_playlist_names_its_init_segment_and_each_byte_range_file_once()
    {
        var playlist = MediaPlaylist.Parse(new StringReader("""
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:2
            #EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"
            #EXTINF:2.000,
            #EXT-X-BYTERANGE:1000@720
            all.mp4
            #EXTINF:2.000,
            #EXT-X-BYTERANGE:900
            all.mp4
            #EXT-X-MAP:URI="init.mp4"
            #EXTINF:1.500,
            #EXT-X-BYTERANGE:800
            all.mp4
            #EXT-X-ENDLIST
            """));

        Assert.Equal(3, playlist.Segments.Count);
        Assert.Equal(["init.mp4"], playlist.InitSegments);
        Assert.Equal(["init.mp4", "all.mp4"], playlist.Files);
        Assert.Equal(TimeSpan.FromSeconds(5.5), playlist.Duration);
        Assert.True(playlist.HasEndList);
    }

    [Fact]
    public void A_map_without_uri_is_refused() =>
        Assert.Throws<FormatException>(() => MediaPlaylist.Parse(new StringReader("#EXTM3U\n#EXT-X-MAP:BYTERANGE=\"1@0\"\n")));
}
