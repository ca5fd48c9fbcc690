using System.Globalization;
using HlsEncoder.ExternalTools;
using HlsEncoder.Packaging;

namespace HlsEncoder.Ladder;

/// <summary>
/// Makes the storyboard from the package's lowest rendition with one cheap ffmpeg: only keyframes are
/// decoded (-skip_frame nokey), one every <see cref="StoryboardPlan.Interval"/> is kept, scaled to a tile
/// and tiled into sheets; the times of the kept frames (printed by the metadata filter) become the cues of
/// thumbnails.vtt. Everything is written into a hidden folder that replaces storyboard/ when complete.
/// Why a pass of its own, measured on a 60 s 1080p30 clip (1080/720/480, veryfast, 2 cores shared with other
/// work, so CPU seconds rather than wall time): the ladder alone took 109.9 and 108.0 s of CPU; the same
/// ladder with this storyboard added to its filter graph 111.4 and 107.4 s (no difference beyond noise);
/// this pass took 0.3 s and the poster's 0.6-0.8 s (about 1 % of the encode together). Both are cheap, but
/// only a pass over the package's own segments can add a storyboard to an up-to-date package without
/// encoding it again, so there is one way to make it, and the ladder's command stays as it was.
/// </summary>
internal static class StoryboardMaker
{
    private const string PartialFolder = ".storyboard.partial";
    private const string FramesFile = ".frames.txt";

    /// <param name="folder">Where the package's files are now (the staging folder while encoding).</param>
    public static async Task<HlsStoryboard> MakeAsync(
        FfmpegTools tools, string folder, HlsPackage package, Action<ProcessIdentity>? onStarted, IOperationLog log, CancellationToken cancellationToken)
    {
        var lowest = package.Renditions[^1];
        var plan = StoryboardPlan.For(package.Duration, lowest.Width, lowest.Height);
        var playlist = Path.GetRelativePath(package.OutputPath, lowest.PlaylistPath).Replace('\\', '/');
        var partial = Path.Combine(folder, PartialFolder);
        if (Directory.Exists(partial))
        {
            Directory.Delete(partial, recursive: true);
        }

        Directory.CreateDirectory(partial);
        var interval = plan.Interval.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        var filters = string.Join(',',
            "setpts=PTS-STARTPTS",
            // The first keyframe at or after each step (0.05 s of slack for timestamp rounding).
            $"select=gte(t\\,selected_n*{interval}-0.05)",
            $"scale={plan.TileWidth}:{plan.TileHeight},setsar=1",
            "signalstats",
            $"metadata=mode=print:key=lavfi.signalstats.YAVG:file={PartialFolder}/{FramesFile}",
            $"tile={plan.Columns}x{plan.Rows}");
        var arguments = new List<string>
        {
            "-hide_banner", "-loglevel", "error", "-y", "-progress", "pipe:1", "-nostats",
            "-skip_frame", "nokey", "-i", "file:" + playlist,
            "-map", "0:v:0", "-an", "-sn", "-dn", "-vf", filters,
            "-q:v", "5", "-start_number", "0", "-f", "image2", $"{PartialFolder}/sheet_%d.jpg",
        };

        HlsEncoderException Failed(int exitCode, string errors) => new("EncodeFailed", FailureKind.OperationFailed,
            $"ffmpeg failed (exit code {exitCode}) making the storyboard from the {lowest.Name} rendition: {errors}. Run with -Verbose -Debug to see ffmpeg's output, or add -NoStoryboard.",
            package.OutputPath);

        try
        {
            await FfmpegRunner.RunAsync(tools, arguments, folder, _ => { }, onStarted, Failed, log, cancellationToken).ConfigureAwait(false);
            var times = ReadFrameTimes(Path.Combine(partial, FramesFile));
            var (vtt, cues) = plan.RenderVtt(times, package.Duration);
            var sheets = plan.SheetCount(cues);
            var missing = Enumerable.Range(0, sheets).Select(StoryboardPlan.SheetName).Where(name => !File.Exists(Path.Combine(partial, name))).ToArray();
            if (cues == 0 || missing.Length > 0)
            {
                throw new HlsEncoderException("EncodeFailed", FailureKind.OperationFailed,
                    $"ffmpeg made {times.Count} storyboard tiles from the {lowest.Name} rendition{(missing.Length > 0 ? $" but not {string.Join(", ", missing)}" : string.Empty)}. Run with -Verbose -Debug to see ffmpeg's output, or add -NoStoryboard.",
                    package.OutputPath);
            }

            // A tile past the end has a sheet of its own only when the sound outlasts the picture: not part of the storyboard.
            for (var extra = sheets; File.Exists(Path.Combine(partial, StoryboardPlan.SheetName(extra))); extra++)
            {
                File.Delete(Path.Combine(partial, StoryboardPlan.SheetName(extra)));
            }

            File.Delete(Path.Combine(partial, FramesFile));
            await File.WriteAllTextAsync(Path.Combine(partial, HlsStoryboard.VttFileName), vtt, cancellationToken).ConfigureAwait(false);
            var target = Path.Combine(folder, HlsStoryboard.FolderName);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }

            Directory.Move(partial, target);
            string Final(string name) => Path.Combine(package.OutputPath, HlsStoryboard.FolderName, name);
            return new HlsStoryboard(
                Final(HlsStoryboard.VttFileName), Enumerable.Range(0, sheets).Select(i => Final(StoryboardPlan.SheetName(i))).ToArray(),
                cues, plan.TileWidth, plan.TileHeight, plan.Columns, plan.Rows, plan.Interval);
        }
        finally
        {
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }
        }
    }

    /// <summary>The pts_time of every frame line metadata=mode=print wrote ("frame:0    pts:0       pts_time:0").</summary>
    private static List<TimeSpan> ReadFrameTimes(string path)
    {
        var times = new List<TimeSpan>();
        if (!File.Exists(path))
        {
            return times;
        }

        foreach (var line in File.ReadLines(path))
        {
            var at = line.IndexOf("pts_time:", StringComparison.Ordinal);
            if (line.StartsWith("frame:", StringComparison.Ordinal) && at >= 0
                && double.TryParse(line[(at + "pts_time:".Length)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                times.Add(TimeSpan.FromSeconds(seconds));
            }
        }

        return times;
    }
}
