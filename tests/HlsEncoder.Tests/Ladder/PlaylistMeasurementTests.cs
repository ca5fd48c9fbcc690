using HlsEncoder.Ladder;
using HlsEncoder.ExternalTools;
using HlsEncoder.Packaging;

namespace HlsEncoder.Tests.Ladder;

public sealed class PlaylistMeasurementTests
{
    private const string VodPlaylist = """
        #EXTM3U
        #EXT-X-VERSION:6
        #EXT-X-TARGETDURATION:6
        #EXT-X-MEDIA-SEQUENCE:0
        #EXT-X-PLAYLIST-TYPE:VOD
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXTINF:6.000000,
        seg_000.ts
        #EXTINF:6.000000,
        seg_001.ts
        #EXTINF:0.433333,
        seg_002.ts
        #EXT-X-ENDLIST
        """;

    [Fact]
    public void Reads_target_duration_segments_and_the_end_tag()
    {
        var playlist = MediaPlaylist.Parse(new StringReader(VodPlaylist));

        Assert.Equal(6, playlist.TargetDurationSeconds);
        Assert.Equal(["seg_000.ts", "seg_001.ts", "seg_002.ts"], playlist.Segments.Select(s => s.Uri));
        Assert.Equal(12.433333, playlist.Duration.TotalSeconds, 5);
        Assert.True(playlist.HasEndList);
    }

    [Fact]
    public void A_cut_off_playlist_has_no_end_tag()
    {
        var playlist = MediaPlaylist.Parse(new StringReader(VodPlaylist.Replace("#EXT-X-ENDLIST", string.Empty, StringComparison.Ordinal)));

        Assert.False(playlist.HasEndList);
    }

    [Fact]
    public void Text_that_is_not_a_playlist_is_refused()
    {
        Assert.Throws<FormatException>(() => MediaPlaylist.Parse(new StringReader("<html>")));
        Assert.Throws<FormatException>(() => MediaPlaylist.Parse(new StringReader("#EXTM3U\nseg_000.ts\n")));
    }

    [Fact]
    public void The_average_is_all_bits_over_all_seconds()
    {
        var (_, average) = BandwidthMeter.Measure([Segment(750_000, 6), Segment(1_500_000, 6)], TimeSpan.FromSeconds(6));

        Assert.Equal(1_500_000, average);
    }

    [Fact]
    public void The_peak_is_the_busiest_run_of_whole_segments()
    {
        var (peak, _) = BandwidthMeter.Measure([Segment(750_000, 6), Segment(1_500_000, 6), Segment(600_000, 6)], TimeSpan.FromSeconds(6));

        Assert.Equal(2_000_000, peak);
    }

    [Fact]
    public void A_tiny_last_segment_cannot_claim_a_peak_on_its_own()
    {
        // 40 ms holding one 50 kB keyframe would be 10 Mb/s; RFC 8216 only counts runs of 3 to 9 s here.
        var (peak, _) = BandwidthMeter.Measure([Segment(750_000, 6), Segment(50_000, 0.04)], TimeSpan.FromSeconds(6));

        Assert.Equal(1_059_603, peak);
    }

    [Fact]
    public void Short_segments_are_measured_together_over_half_to_one_and_a_half_target_durations()
    {
        // Target 2 s: runs from 1 to 3 s. The busiest is the 1 s segment of 500 kB on its own (4 Mb/s).
        var (peak, _) = BandwidthMeter.Measure([Segment(100_000, 1), Segment(500_000, 1), Segment(100_000, 1)], TimeSpan.FromSeconds(2));

        Assert.Equal(4_000_000, peak);
    }

    [Fact]
    public void A_clip_shorter_than_half_a_target_duration_is_one_window()
    {
        var (peak, average) = BandwidthMeter.Measure([Segment(300_000, 2)], TimeSpan.FromSeconds(6));

        Assert.Equal((1_200_000, 1_200_000), (peak, average));
    }

    [Theory]
    [InlineData("\n00000000: 0000 0167 6400 1fac d940 5005 bb01 1000  ...gd....@P.....\n00000010: 0003 0010 0000 0303 c0f1 8319 6000 0000  ............`...\n", "avc1.64001f")]
    [InlineData("\n00000000: 0000 0001 6742 c01e 95a0 5025 b280  ....gB....P%..\n", "avc1.42c01e")]
    [InlineData("\n00000000: 0000 0001 6764 0028 ac2c a501 e008  ....gd.(.,....\n", "avc1.640028")]
    public void The_video_codec_comes_from_the_streams_own_sps(string extradata, string expected) =>
        Assert.Equal(expected, CodecString.FromAnnexB(CodecString.ParseHexDump(extradata)));

    [Fact]
    public void Without_an_sps_the_codec_comes_from_profile_and_level()
    {
        Assert.Null(CodecString.FromAnnexB(CodecString.ParseHexDump("\n00000000: 0000 0168 ef8f cb  ...h...\n")));
        Assert.Equal("avc1.64001f", CodecString.FromProfile("High", 31));
        Assert.Equal("avc1.4d401e", CodecString.FromProfile("Main", 30));
        Assert.Equal("mp4a.40.2", CodecString.ForAac("LC"));
    }

    [Fact]
    public void Progress_blocks_report_encoded_time_and_speed()
    {
        var parser = new FfmpegProgressParser();
        var reports = """
            frame=90
            out_time_us=N/A
            speed=N/A
            progress=continue
            frame=180
            out_time_us=6016000
            out_time=00:00:06.016000
            speed=1.52x
            progress=continue
            out_time_us=12000000
            speed=1.6x
            progress=end
            """.Split('\n').Select(parser.Read).OfType<FfmpegProgressReport>().ToArray();

        Assert.Equal(
            [new(TimeSpan.Zero, null, false), new(TimeSpan.FromSeconds(6.016), 1.52, false), new(TimeSpan.FromSeconds(12), 1.6, true)],
            reports);
    }

    private static SegmentSize Segment(long bytes, double seconds) => new(bytes, TimeSpan.FromSeconds(seconds));
}
