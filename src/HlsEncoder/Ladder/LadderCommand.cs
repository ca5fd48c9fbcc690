using System.Globalization;
using System.Text;
using HlsEncoder.ExternalTools;

namespace HlsEncoder.Ladder;

/// <summary>
/// The one ffmpeg command that encodes a whole ladder: the source is decoded once, turned into a
/// constant frame rate, split, and scaled per rung; every rung gets IDR frames at the same instants
/// (every 2 s, never on scene cuts) so that a player can switch at every segment boundary.
/// </summary>
internal sealed class LadderCommand
{
    public const string SegmentFileName = "seg_%03d.ts";
    public const string PlaylistFileName = "index.m3u8";

    private LadderCommand(string sourcePath, IReadOnlyList<string> inputArguments, IReadOnlyList<string> outputArguments, string outputPattern)
    {
        SourcePath = sourcePath;
        InputArguments = inputArguments;
        OutputArguments = outputArguments;
        OutputPattern = outputPattern;
    }

    public string SourcePath { get; }

    /// <summary>Everything up to and including "-i source".</summary>
    public IReadOnlyList<string> InputArguments { get; }

    /// <summary>Filters, maps, codecs and muxer options, before the output.</summary>
    public IReadOnlyList<string> OutputArguments { get; }

    /// <summary>The media playlists' path, with %v standing for each rung's name.</summary>
    public string OutputPattern { get; }

    public IEnumerable<string> AllArguments => InputArguments.Concat(OutputArguments).Append(OutputPattern);

    public override string ToString() => CommandLine.Join(AllArguments);

    /// <summary>
    /// Builds the command. Its outputs are relative ({quality}/index.m3u8): ffmpeg runs in the package's
    /// temporary folder, so no user path ever meets the muxer's %v and %03d patterns.
    /// </summary>
    public static LadderCommand Build(LadderPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var rungs = plan.Renditions;
        // "file:" keeps a file name that looks like a protocol ("concat:", "http:") a plain file.
        var input = new List<string> { "-hide_banner", "-loglevel", "error", "-y", "-i", "file:" + plan.Source.Path };
        var output = new List<string> { "-filter_complex", FilterGraph(plan) };

        var normalized = plan.HasAudio && plan.Loudness is { Normalized: true };
        for (var i = 0; i < rungs.Count; i++)
        {
            output.AddRange(["-map", $"[v{i}]"]);
            if (plan.HasAudio)
            {
                // Each variant needs an audio stream of its own: the HLS muxer refuses one shared by several.
                output.AddRange(["-map", normalized ? $"[a{i}]" : $"0:{Invariant(plan.Source.AudioStreamIndex)}"]);
            }
        }

        output.AddRange(["-c:v", "libx264", "-preset", plan.Preset, "-profile:v", "high"]);
        for (var i = 0; i < rungs.Count; i++)
        {
            var rung = rungs[i];
            output.AddRange([
                $"-crf:v:{i}", Invariant(rung.Crf),
                $"-maxrate:v:{i}", $"{Invariant(rung.MaxVideoBitrateKbps)}k",
                $"-bufsize:v:{i}", $"{Invariant(rung.BufferSizeKbits)}k",
                $"-level:v:{i}", rung.Level,
            ]);
        }

        var gop = Invariant(plan.GopFrames);
        output.AddRange([
            "-g", gop, "-keyint_min", gop, "-sc_threshold", "0",
            "-force_key_frames", $"expr:gte(t,n_forced*{Invariant(plan.KeyframeIntervalSeconds)})",
        ]);

        if (plan.HasAudio)
        {
            output.AddRange(["-c:a", "aac", "-profile:a", "aac_low", "-ar", Invariant(LadderPlan.AudioSampleRate), "-ac", Invariant(plan.AudioChannels)]);
            for (var i = 0; i < rungs.Count; i++)
            {
                output.AddRange([$"-b:a:{i}", $"{Invariant(rungs[i].AudioBitrateKbps)}k"]);
            }
        }
        else
        {
            output.Add("-an");
        }

        output.AddRange([
            "-sn", "-dn", "-map_metadata", "-1", "-map_chapters", "-1",
            "-f", "hls",
            "-hls_time", Invariant((int)plan.SegmentDuration.TotalSeconds),
            "-hls_playlist_type", "vod",
            "-hls_list_size", "0",
            "-hls_segment_type", "mpegts",
            "-hls_flags", "independent_segments",
            "-hls_segment_filename", $"%v/{SegmentFileName}",
            "-var_stream_map", VariantStreamMap(plan),
            "-progress", "pipe:1", "-nostats",
        ]);

        return new LadderCommand(plan.Source.Path, input, output, $"%v/{PlaylistFileName}");
    }

    private static string FilterGraph(LadderPlan plan)
    {
        var video = VideoGraph(plan);
        return plan.HasAudio && plan.Loudness is { Normalized: true } loudness ? video + ";" + AudioGraph(plan, loudness) : video;
    }

    /// <summary>The sound's gain (and limiter) once, then one copy per rung: [a0], [a1]...</summary>
    private static string AudioGraph(LadderPlan plan, Packaging.HlsLoudness loudness)
    {
        var graph = new StringBuilder("[0:").Append(Invariant(plan.Source.AudioStreamIndex)).Append(']')
            .Append(LoudnessNormalization.FilterChain(loudness, plan.AudioChannels, LadderPlan.AudioSampleRate));
        var count = plan.Renditions.Count;
        if (count == 1)
        {
            return graph.Append("[a0]").ToString();
        }

        graph.Append(",asplit=").Append(Invariant(count));
        for (var i = 0; i < count; i++)
        {
            graph.Append("[a").Append(Invariant(i)).Append(']');
        }

        return graph.ToString();
    }

    private static string VideoGraph(LadderPlan plan)
    {
        var graph = new StringBuilder("[0:").Append(Invariant(plan.Source.VideoStreamIndex)).Append(']');
        if (plan.Source.IsInterlaced)
        {
            graph.Append("bwdif=mode=send_frame:parity=auto:deint=interlaced,");
        }

        graph.Append("fps=").Append(plan.FrameRate);
        var rungs = plan.Renditions;
        if (rungs.Count == 1)
        {
            return graph.Append(',').Append(Scale(rungs[0])).Append("[v0]").ToString();
        }

        graph.Append(",split=").Append(Invariant(rungs.Count));
        for (var i = 0; i < rungs.Count; i++)
        {
            graph.Append("[s").Append(Invariant(i)).Append(']');
        }

        for (var i = 0; i < rungs.Count; i++)
        {
            graph.Append(";[s").Append(Invariant(i)).Append(']').Append(Scale(rungs[i])).Append("[v").Append(Invariant(i)).Append(']');
        }

        return graph.ToString();
    }

    private static string Scale(PlannedRendition rung) =>
        $"scale={Invariant(rung.Width)}:{Invariant(rung.Height)},setsar=1,format=yuv420p";

    private static string VariantStreamMap(LadderPlan plan) =>
        string.Join(' ', plan.Renditions.Select((rung, i) =>
            plan.HasAudio ? $"v:{Invariant(i)},a:{Invariant(i)},name:{rung.Name}" : $"v:{Invariant(i)},name:{rung.Name}"));

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
