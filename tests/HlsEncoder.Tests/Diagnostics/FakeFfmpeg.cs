namespace HlsEncoder.Tests.Diagnostics;

/// <summary>
/// A folder with an ffmpeg and an ffprobe that are shell scripts: they answer -version, -encoders, -muxers
/// and -filters as a real build does, from the lists given, so a check can meet a build that lacks
/// libx264, one whose ffprobe is another version, one that fails, or one that hangs.
/// </summary>
public sealed class FakeFfmpeg : IDisposable
{
    public static readonly string[] AllEncoders = ["libx264", "libx264rgb", "aac", "pcm_f32le", "mpeg4"];
    public static readonly string[] AllMuxers = ["hls", "f32le", "mp4", "mpegts"];
    public static readonly string[] AllFilters = ["fps", "split", "scale", "setsar", "format", "aresample", "bwdif", "null"];

    private FakeFfmpeg(string folder) => Folder = folder;

    public string Folder { get; }

    public string FfmpegPath => Path.Combine(Folder, "ffmpeg");

    public static FakeFfmpeg Create(
        string ffmpegVersion = "6.0-fake",
        string? ffprobeVersion = null,
        IEnumerable<string>? encoders = null,
        IEnumerable<string>? muxers = null,
        IEnumerable<string>? filters = null,
        string? ffmpegBody = null)
    {
        var fake = new FakeFfmpeg(Directory.CreateTempSubdirectory("hlsenc-fake-ffmpeg-").FullName);
        WriteScript(fake.FfmpegPath, ffmpegBody ?? Answers("ffmpeg", ffmpegVersion, encoders ?? AllEncoders, muxers ?? AllMuxers, filters ?? AllFilters));
        WriteScript(Path.Combine(fake.Folder, "ffprobe"), Answers("ffprobe", ffprobeVersion ?? ffmpegVersion, [], [], []));
        return fake;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>A script body that prints what ffmpeg 5/6 prints for each listing, legend included.</summary>
    private static string Answers(string program, string version, IEnumerable<string> encoders, IEnumerable<string> muxers, IEnumerable<string> filters)
    {
        var encoderLines = string.Concat(encoders.Select(e => $" V....D {e,-20} {e} encoder\n"));
        var muxerLines = string.Concat(muxers.Select(m => $"  E {m,-15} {m} muxer\n"));
        var filterLines = string.Concat(filters.Select(f => $" ..C {f,-16} V->V       {f} filter.\n"));
        return $$"""
            for argument in "$@"; do
              case "$argument" in
                -version) printf '%s\n' '{{program}} version {{version}} Copyright (c) 2000-2024 the FFmpeg developers' 'built with a shell'; exit 0 ;;
                -encoders) printf '%s' 'Encoders:
             V..... = Video
             A..... = Audio
             ------
            {{encoderLines}}'; exit 0 ;;
                -muxers) printf '%s' 'File formats:
             D. = Demuxing supported
             .E = Muxing supported
             --
            {{muxerLines}}'; exit 0 ;;
                -filters) printf '%s' 'Filters:
              T.. = Timeline support
              | = Source or sink filter
            {{filterLines}}'; exit 0 ;;
              esac
            done
            echo "unexpected arguments: $*" >&2
            exit 1
            """;
    }

    private static void WriteScript(string path, string body)
    {
        File.WriteAllText(path, "#!/bin/sh\n" + body.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
