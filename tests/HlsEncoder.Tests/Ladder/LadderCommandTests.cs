using HlsEncoder.Ladder;
using HlsEncoder.ExternalTools;

namespace HlsEncoder.Tests.Ladder;

public sealed class LadderCommandTests
{
    [Fact]
    public void One_process_decodes_once_splits_and_scales_every_rung()
    {
        var command = Build(LadderPlannerTests.Source(1920, 1080));

        Assert.Equal(
            "[0:0]fps=30,split=3[s0][s1][s2];" +
            "[s0]scale=1920:1080,setsar=1,format=yuv420p[v0];" +
            "[s1]scale=1280:720,setsar=1,format=yuv420p[v1];" +
            "[s2]scale=854:480,setsar=1,format=yuv420p[v2]",
            Value(command, "-filter_complex"));
        Assert.Equal(1, command.InputArguments.Count(a => a == "-i"));
        Assert.Equal("file:/videos/source.mp4", Value(command, "-i"));
    }

    [Fact]
    public void Audio_is_mapped_once_per_rung_and_each_variant_names_its_own()
    {
        var command = Build(LadderPlannerTests.Source(1920, 1080));

        Assert.Equal(["[v0]", "0:1", "[v1]", "0:1", "[v2]", "0:1"], Values(command, "-map"));
        Assert.Equal("v:0,a:0,name:1080p v:1,a:1,name:720p v:2,a:2,name:480p", Value(command, "-var_stream_map"));
        Assert.Equal(["128k", "128k", "96k"], [Value(command, "-b:a:0"), Value(command, "-b:a:1"), Value(command, "-b:a:2")]);
        Assert.Equal(("aac", "aac_low", "48000", "2"), (Value(command, "-c:a"), Value(command, "-profile:a"), Value(command, "-ar"), Value(command, "-ac")));
    }

    [Fact]
    public void Streams_are_chosen_by_their_index_so_a_cover_picture_is_never_taken_for_the_video()
    {
        var command = Build(LadderPlannerTests.Source(1280, 720) with { VideoStreamIndex = 2, AudioStreamIndex = 0 });

        Assert.StartsWith("[0:2]fps=30,", Value(command, "-filter_complex"), StringComparison.Ordinal);
        Assert.Equal(["[v0]", "0:0", "[v1]", "0:0"], Values(command, "-map"));
    }

    [Fact]
    public void A_source_without_audio_maps_video_only()
    {
        var command = Build(LadderPlannerTests.Source(1280, 720) with { HasAudio = false });

        Assert.Equal(["[v0]", "[v1]"], Values(command, "-map"));
        Assert.Equal("v:0,name:720p v:1,name:480p", Value(command, "-var_stream_map"));
        Assert.Contains("-an", command.OutputArguments);
        Assert.DoesNotContain("-c:a", command.OutputArguments);
    }

    [Fact]
    public void Every_rung_gets_a_capped_crf_and_an_explicit_level_on_the_high_profile()
    {
        var command = Build(LadderPlannerTests.Source(1920, 1080));

        Assert.Equal(("libx264", "veryfast", "high"), (Value(command, "-c:v"), Value(command, "-preset"), Value(command, "-profile:v")));
        Assert.Equal(["23", "6000k", "12000k", "4"], [Value(command, "-crf:v:0"), Value(command, "-maxrate:v:0"), Value(command, "-bufsize:v:0"), Value(command, "-level:v:0")]);
        Assert.Equal(["23", "1500k", "3000k", "3.1"], [Value(command, "-crf:v:2"), Value(command, "-maxrate:v:2"), Value(command, "-bufsize:v:2"), Value(command, "-level:v:2")]);
    }

    [Fact]
    public void Keyframes_are_forced_at_the_same_instants_in_every_rung_and_never_on_scene_cuts()
    {
        var command = Build(LadderPlannerTests.Source(1280, 720) with { AverageFrameRate = new(25, 1), RealFrameRate = new(25, 1) });

        Assert.Equal(("50", "50", "0"), (Value(command, "-g"), Value(command, "-keyint_min"), Value(command, "-sc_threshold")));
        Assert.Equal("expr:gte(t,n_forced*2)", Value(command, "-force_key_frames"));
    }

    [Fact]
    public void Variable_frame_rate_and_interlacing_are_fixed_before_the_split()
    {
        var command = Build(LadderPlannerTests.Source(1280, 720) with
        {
            AverageFrameRate = new(1200, 59),
            RealFrameRate = new(30, 1),
            IsInterlaced = true,
        });

        Assert.StartsWith("[0:0]bwdif=mode=send_frame:parity=auto:deint=interlaced,fps=30,split=2", Value(command, "-filter_complex"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_single_rung_needs_no_split()
    {
        var command = Build(LadderPlannerTests.Source(640, 360));

        Assert.Equal("[0:0]fps=30,scale=640:360,setsar=1,format=yuv420p[v0]", Value(command, "-filter_complex"));
    }

    [Fact]
    public void The_hls_muxer_writes_vod_mpegts_segments_with_the_rung_in_every_path()
    {
        var command = Build(LadderPlannerTests.Source(1280, 720));

        Assert.Equal(("hls", "6", "vod", "mpegts", "independent_segments"),
            (Value(command, "-f"), Value(command, "-hls_time"), Value(command, "-hls_playlist_type"), Value(command, "-hls_segment_type"), Value(command, "-hls_flags")));
        Assert.Equal("%v/seg_%03d.ts", Value(command, "-hls_segment_filename"));
        Assert.Equal("%v/index.m3u8", command.OutputPattern);
        Assert.Equal("pipe:1", Value(command, "-progress"));
        Assert.DoesNotContain("-master_pl_name", command.OutputArguments);
    }

    [Fact]
    public void The_command_line_quotes_what_needs_it()
    {
        var plan = LadderPlanner.Plan(LadderPlannerTests.Source(640, 360) with { Path = "/videos/My \"best\" talk.mp4" },
            QualityLevel.Resolve(["360p"]), TimeSpan.FromSeconds(6), "veryfast");

        var text = LadderCommand.Build(plan).ToString();

        Assert.Contains(" -i \"file:/videos/My \\\"best\\\" talk.mp4\" ", text, StringComparison.Ordinal);
        Assert.Contains(" -var_stream_map v:0,a:0,name:360p ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "\"\"")]
    [InlineData("two words", "\"two words\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"C:\Videos\", @"C:\Videos\")]
    [InlineData(@"C:\My Videos\", "\"C:\\My Videos\\\\\"")]
    [InlineData(@"a\\""b", "\"a\\\\\\\\\\\"b\"")]
    public void Arguments_are_quoted_as_the_process_will_split_them(string argument, string expected) =>
        Assert.Equal(expected, CommandLine.Quote(argument));

    private static LadderCommand Build(SourceMedia source) =>
        LadderCommand.Build(LadderPlanner.Plan(source, QualityLevel.Resolve(QualityLevel.DefaultNames), TimeSpan.FromSeconds(6), "veryfast"));

    private static string Value(LadderCommand command, string option) => Values(command, option).Single();

    private static List<string> Values(LadderCommand command, string option)
    {
        var all = command.InputArguments.Concat(command.OutputArguments).ToList();
        return all.Select((a, i) => (a, i)).Where(p => p.a == option).Select(p => all[p.i + 1]).ToList();
    }
}
