using HlsEncoder.Transcription;

namespace HlsEncoder.Tests.Transcription;

public sealed class SubtitleRenditionWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-subtitles-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Writes_one_vtt_segment_per_video_segment_with_the_same_durations()
    {
        var playlist = SubtitleRenditionWriter.Write(_folder, Cues(), Durations(2, 2, 1.5), targetDurationSeconds: 2, mpegTsOfTimeZero: 132_000);

        Assert.Equal(Path.Combine(_folder, "subtitles", "index.m3u8"), playlist);
        Assert.Equal(
            """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:2
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXTINF:2.000000,
            seg_000.vtt
            #EXTINF:2.000000,
            seg_001.vtt
            #EXTINF:1.500000,
            seg_002.vtt
            #EXT-X-ENDLIST

            """.ReplaceLineEndings("\n"),
            File.ReadAllText(playlist));
        Assert.Equal(["index.m3u8", "seg_000.vtt", "seg_001.vtt", "seg_002.vtt"], Directory.GetFiles(Path.Combine(_folder, "subtitles")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_segment_maps_cue_time_zero_onto_the_video_timestamps_and_holds_the_cues_it_overlaps()
    {
        SubtitleRenditionWriter.Write(_folder, Cues(), Durations(2, 2, 1.5), 2, 132_000);

        var segments = Enumerable.Range(0, 3).Select(i => StrictSubtitleParser.ParseVtt(File.ReadAllText(Path.Combine(_folder, "subtitles", $"seg_{i:000}.vtt")))).ToArray();

        Assert.All(segments, s => Assert.Equal(["X-TIMESTAMP-MAP=MPEGTS:132000,LOCAL:00:00:00.000"], s.Header));
        Assert.Equal(["first", "spans two"], segments[0].Cues.Select(c => c.Text));
        Assert.Equal(["spans two"], segments[1].Cues.Select(c => c.Text));
        Assert.Equal(["from four", "past the video"], segments[2].Cues.Select(c => c.Text));
        Assert.Equal((TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3.2)), (segments[1].Cues[0].Start, segments[1].Cues[0].End));
    }

    [Fact]
    public void A_segment_without_cues_is_still_a_valid_webvtt_file()
    {
        SubtitleRenditionWriter.Write(_folder, [], Durations(6), 6, 0);

        Assert.Equal("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n", File.ReadAllText(Path.Combine(_folder, "subtitles", "seg_000.vtt")));
    }

    [Theory]
    [InlineData(126_000, 126_000)]
    [InlineData(-3_000, (1L << 33) - 3_000)]
    [InlineData((1L << 33) + 5, 5)]
    public void Mpeg_ts_timestamps_wrap_at_33_bits(long ticks, long wrapped) => Assert.Equal(wrapped, MpegTsClock.Wrap(ticks));

    private static TranscriptSegment[] Cues() =>
    [
        new(TimeSpan.FromSeconds(0.4), TimeSpan.FromSeconds(1.2), "first", 1),
        new(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3.2), "spans two", 1),
        new(TimeSpan.FromSeconds(4.0), TimeSpan.FromSeconds(5.0), "from four", 1),
        new(TimeSpan.FromSeconds(5.45), TimeSpan.FromSeconds(5.52), "past the video", 1),
    ];

    private static TimeSpan[] Durations(params double[] seconds) => seconds.Select(TimeSpan.FromSeconds).ToArray();
}
