using System.Globalization;
using HlsEncoder.ExternalTools;
using HlsEncoder.Packaging;

namespace HlsEncoder.Ladder;

/// <summary>
/// Makes poster.jpg from the package's own top rendition (never the source, so an up-to-date package gains
/// one without it), with one ffmpeg: each candidate is the segment that holds its time, an input of its
/// own, decoded (keyframes only, for the rule's candidates) up to the time, scaled, measured with
/// signalstats and written as a JPEG; <see cref="PosterRule"/> then picks one, which is renamed to
/// poster.jpg. The other candidates are hidden files, deleted afterwards. Measured on a 60 s 1080p clip:
/// 0.6-0.8 s of CPU for three candidates, where seeking in the playlist and decoding every frame took 2.8 s.
/// </summary>
internal static class PosterMaker
{
    /// <param name="folder">Where the package's files are now (the staging folder while encoding).</param>
    /// <param name="requestedTime">-PosterTime; null lets <see cref="PosterRule"/> choose among its candidates.</param>
    public static async Task<HlsPoster> MakeAsync(
        FfmpegTools tools, string folder, HlsPackage package, TimeSpan? requestedTime, Action<ProcessIdentity>? onStarted, IOperationLog log, CancellationToken cancellationToken)
    {
        var top = package.Renditions[0];
        var rendition = Path.GetDirectoryName(Path.GetRelativePath(package.OutputPath, top.PlaylistPath))!;
        var segments = MediaPlaylist.Read(Path.Combine(folder, rendition, Path.GetFileName(top.PlaylistPath))).Segments;
        var (width, height) = PosterRule.Size(top.Width, top.Height);
        var candidates = requestedTime is { } asked ? [asked] : PosterRule.Candidates(package.Duration);
        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-y", "-progress", "pipe:1", "-nostats" };
        var starts = new List<TimeSpan>();
        var selects = new List<string>();
        foreach (var time in candidates)
        {
            // The segment that holds the time, read on its own: seeking in the playlist would start at the keyframe after the time.
            var (segment, start) = SegmentAt(segments, time);
            var offset = (time - start).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            if (requestedTime is null)
            {
                // The rule's candidates need not be exact: the last keyframe at or before each (one at least every
                // 2 s, the first opens the segment) decodes alone, where an exact frame costs decoding up to it.
                arguments.AddRange(["-skip_frame", "nokey"]);
                selects.Add($"select=lte(t\\,{offset}+0.001)");
            }
            else
            {
                // The frame on screen at the time: the last one that starts at or before it.
                var frame = (top.FrameRate > 0 ? 1 / top.FrameRate : 0.1).ToString("0.######", CultureInfo.InvariantCulture);
                selects.Add($"select=gt(t\\,{offset}-{frame})*lte(t\\,{offset}+0.001)");
            }

            starts.Add(start);
            arguments.AddRange(["-i", "file:" + Path.Combine(rendition, segment.Uri).Replace('\\', '/')]);
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            // Every frame selected is written over the last (-update 1): the last one stays.
            arguments.AddRange([
                "-map", $"{i}:v:0",
                "-vf", $"setpts=PTS-STARTPTS,{selects[i]},scale={width}:{height},setsar=1,signalstats,metadata=mode=print:file={StatsName(i)}",
                "-q:v", "3", "-f", "image2", "-update", "1", CandidateName(i),
            ]);
        }

        HlsEncoderException Failed(int exitCode, string errors) => new("EncodeFailed", FailureKind.OperationFailed,
            $"ffmpeg failed (exit code {exitCode}) taking {HlsPoster.FileName} from the {top.Name} rendition: {errors}. Run with -Verbose -Debug to see ffmpeg's output, or add -NoPoster.",
            package.OutputPath);

        try
        {
            await FfmpegRunner.RunAsync(tools, arguments, folder, _ => { }, onStarted, Failed, log, cancellationToken).ConfigureAwait(false);
            var stats = Enumerable.Range(0, candidates.Count).Select(i => ReadStats(Path.Combine(folder, StatsName(i)))).ToArray();
            var missing = Array.FindIndex(stats, s => s is null);
            if (missing >= 0 || !File.Exists(Path.Combine(folder, CandidateName(0))))
            {
                throw new HlsEncoderException("EncodeFailed", FailureKind.OperationFailed,
                    $"ffmpeg wrote no frame at {candidates[Math.Max(0, missing)].TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s of the {top.Name} rendition for {HlsPoster.FileName}. Choose an earlier -PosterTime, or add -NoPoster.",
                    package.OutputPath);
            }

            var chosen = requestedTime is null ? PosterRule.Choose(stats.Select(s => s!.Value).ToArray()) : 0;
            File.Move(Path.Combine(folder, CandidateName(chosen)), Path.Combine(folder, HlsPoster.FileName), overwrite: true);
            var picked = stats[chosen]!.Value;
            log.Debug(string.Join("; ", stats.Select((s, i) => string.Create(CultureInfo.InvariantCulture,
                $"poster candidate at {candidates[i].TotalSeconds:0.###} s: mean luma {s!.Value.Average:0.#}, range {s.Value.Min:0}-{s.Value.Max:0}{(PosterRule.IsUsable(s.Value) ? string.Empty : PosterRule.IsNearBlack(s.Value) ? " (near-black)" : " (flat)")}"))));
            if (requestedTime is not null && !PosterRule.IsUsable(picked))
            {
                log.Verbose($"The frame at -PosterTime {candidates[0]} is {(PosterRule.IsNearBlack(picked) ? "near-black" : "flat")}; it is the poster, as asked.");
            }

            var taken = starts[chosen] + picked.Offset;
            return new HlsPoster(Path.Combine(package.OutputPath, HlsPoster.FileName), width, height, taken, requestedTime);
        }
        finally
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                File.Delete(Path.Combine(folder, CandidateName(i)));
                File.Delete(Path.Combine(folder, StatsName(i)));
            }
        }
    }

    private static (MediaSegment Segment, TimeSpan Start) SegmentAt(IReadOnlyList<MediaSegment> segments, TimeSpan time)
    {
        var start = TimeSpan.Zero;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            if (time < start + segments[i].Duration)
            {
                return (segments[i], start);
            }

            start += segments[i].Duration;
        }

        return (segments[^1], start);
    }

    /// <summary>Hidden names: the upload skips dot files, so a leftover is never sent.</summary>
    private static string CandidateName(int index) => $".poster_{index}.jpg";

    private static string StatsName(int index) => $".poster_{index}.txt";

    /// <summary>The frame's YAVG, YMIN and YMAX and its time from metadata=mode=print's file; null when no frame came out.</summary>
    private static FrameStats? ReadStats(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var offset = TimeSpan.Zero;
        foreach (var line in File.ReadLines(path))
        {
            var at = line.IndexOf("pts_time:", StringComparison.Ordinal);
            if (line.StartsWith("frame:", StringComparison.Ordinal) && at >= 0
                && double.TryParse(line[(at + "pts_time:".Length)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                offset = TimeSpan.FromSeconds(Math.Max(0, seconds));
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith("lavfi.signalstats.", StringComparison.Ordinal) && equals > 0
                && double.TryParse(line[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values[line["lavfi.signalstats.".Length..equals]] = value;
            }
        }

        return values.TryGetValue("YAVG", out var average) && values.TryGetValue("YMIN", out var min) && values.TryGetValue("YMAX", out var max)
            ? new FrameStats(average, min, max) { Offset = offset }
            : null;
    }
}
