using HlsEncoder.TestAssets;

namespace HlsEncoder.Tests.Packaging;

/// <summary>
/// HLS folders as other tools leave them, made once per test class with the real ffmpeg (6 s clips cut
/// into 2 s segments): a plain ffmpeg ladder, the older Python converter's quality folders, and an AWS
/// MediaConvert download. Tests copy one with <see cref="CopyTo"/> before damaging it.
/// </summary>
public sealed class ForeignFolders : IDisposable
{
    public ForeignFolders()
    {
        Folder = Directory.CreateTempSubdirectory("hlsenc-foreign-made-").FullName;
        FfmpegLadder = MakeFfmpegLadder(Path.Combine(Folder, "ffmpeg"));
        Converter = MakeConverterLayout(Path.Combine(Folder, "converter"));
        MediaConvert = MakeMediaConvertLayout(Path.Combine(Folder, "mediaconvert"));
        Source = Path.Combine(Folder, "lecture.mp4");
        Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=4", "-f", "lavfi", "-i", "sine=frequency=440:duration=4",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", Source);
    }

    public string Folder { get; }

    /// <summary>
    /// ffmpeg -f hls -var_stream_map "v:0,a:0 v:1,a:1": master.m3u8 naming stream_0.m3u8 (640x360) and
    /// stream_1.m3u8 (426x240), segments stream_{0,1}_00{0,1,2}.ts, all at the root.
    /// </summary>
    public string FfmpegLadder { get; }

    /// <summary>
    /// 720p/index.m3u8 and 360p/index.m3u8 with segment_00{0,1,2}.ts, a German subtitles rendition in
    /// subtitles/de/, transcript.srt/.vtt/.txt/.json, and the converter's own master.m3u8, which gives
    /// no RESOLUTION and, for 360p, no CODECS.
    /// </summary>
    public string Converter { get; }

    /// <summary>
    /// lecture.m3u8 (no master.m3u8) naming lecture_360p.m3u8 (TS, lecture_360p_0000{1,2,3}.ts, with audio),
    /// lecture_240p.m3u8 (fMP4 video only: lecture_240p_init.mp4 and lecture_240p_0000{1,2,3}.m4s) and an
    /// I-frame playlist of byte ranges into lecture_360p_00001.ts.
    /// </summary>
    public string MediaConvert { get; }

    /// <summary>640x360, 4 s, with audio: for HlsEncoder's own encoder.</summary>
    public string Source { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>Copies a made folder to <paramref name="destination"/>, so that a test may change it.</summary>
    public static string CopyTo(string made, string destination)
    {
        foreach (var file in Directory.GetFiles(made, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(made, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return destination;
    }

    private static string MakeFfmpegLadder(string folder)
    {
        Directory.CreateDirectory(folder);
        Ffmpeg([.. TwoRungs(640, 360, 426, 240),
            "-var_stream_map", "v:0,a:0 v:1,a:1", "-master_pl_name", "master.m3u8",
            "-hls_segment_filename", Path.Combine(folder, "stream_%v_%03d.ts"), Path.Combine(folder, "stream_%v.m3u8")]);
        return folder;
    }

    private static string MakeConverterLayout(string folder)
    {
        Directory.CreateDirectory(folder);
        Ffmpeg([.. TwoRungs(1280, 720, 640, 360),
            "-var_stream_map", "v:0,a:0,name:720p v:1,a:1,name:360p",
            "-hls_segment_filename", Path.Combine(folder, "%v", "segment_%03d.ts"), Path.Combine(folder, "%v", "index.m3u8")]);
        File.WriteAllText(Path.Combine(folder, "master.m3u8"), """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Deutsch",LANGUAGE="de",DEFAULT=YES,AUTOSELECT=YES,URI="subtitles/de/index.m3u8"
            #EXT-X-STREAM-INF:BANDWIDTH=2800000,CODECS="avc1.64001f,mp4a.40.2",SUBTITLES="subs"
            720p/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=900000,SUBTITLES="subs"
            360p/index.m3u8

            """);
        Directory.CreateDirectory(Path.Combine(folder, "subtitles", "de"));
        File.WriteAllText(Path.Combine(folder, "subtitles", "de", "index.m3u8"), """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:6
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXTINF:6.000,
            segment_000.vtt
            #EXT-X-ENDLIST

            """);
        const string Vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nGuten Tag.\n";
        File.WriteAllText(Path.Combine(folder, "subtitles", "de", "segment_000.vtt"), Vtt);
        File.WriteAllText(Path.Combine(folder, "transcript.vtt"), Vtt);
        File.WriteAllText(Path.Combine(folder, "transcript.srt"), "1\n00:00:00,000 --> 00:00:03,000\nGuten Tag.\n");
        File.WriteAllText(Path.Combine(folder, "transcript.txt"), "Guten Tag.\n");
        File.WriteAllText(Path.Combine(folder, "transcript.json"), """{"segments":[{"start":0,"end":3,"text":"Guten Tag."}]}""");
        return folder;
    }

    private static string MakeMediaConvertLayout(string folder)
    {
        Directory.CreateDirectory(folder);
        Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=6", "-f", "lavfi", "-i", "sine=frequency=440:duration=6",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-sc_threshold", "0", "-c:a", "aac",
            "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-start_number", "1",
            "-hls_segment_filename", Path.Combine(folder, "lecture_360p_%05d.ts"), Path.Combine(folder, "lecture_360p.m3u8"));
        Ffmpeg("-f", "lavfi", "-i", "testsrc2=size=426x240:rate=25:duration=6",
            "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-sc_threshold", "0",
            "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-start_number", "1",
            "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "lecture_240p_init.mp4",
            "-hls_segment_filename", Path.Combine(folder, "lecture_240p_%05d.m4s"), Path.Combine(folder, "lecture_240p.m3u8"));
        File.WriteAllText(Path.Combine(folder, "lecture_360p_iframes.m3u8"), """
            #EXTM3U
            #EXT-X-VERSION:4
            #EXT-X-TARGETDURATION:2
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-I-FRAMES-ONLY
            #EXTINF:1.000,
            #EXT-X-BYTERANGE:376@0
            lecture_360p_00001.ts
            #EXTINF:1.000,
            #EXT-X-BYTERANGE:376@376
            lecture_360p_00001.ts
            #EXT-X-ENDLIST

            """);
        File.WriteAllText(Path.Combine(folder, "lecture.m3u8"), """
            #EXTM3U
            #EXT-X-VERSION:4
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-STREAM-INF:BANDWIDTH=1200000,AVERAGE-BANDWIDTH=900000,CODECS="avc1.64001e,mp4a.40.2",RESOLUTION=640x360,FRAME-RATE=25.000
            lecture_360p.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=600000,AVERAGE-BANDWIDTH=450000,CODECS="avc1.64000d",RESOLUTION=426x240,FRAME-RATE=25.000
            lecture_240p.m3u8
            #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=80000,RESOLUTION=640x360,CODECS="avc1.64001e",URI="lecture_360p_iframes.m3u8"

            """);
        return folder;
    }

    /// <summary>The ffmpeg arguments for a two-rung 6 s ladder with audio, keyframes every 2 s, ending in "-f hls".</summary>
    private static string[] TwoRungs(int width0, int height0, int width1, int height1) =>
    [
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=6", "-f", "lavfi", "-i", "sine=frequency=440:duration=6",
        "-filter_complex", $"[0:v]split=2[a][b];[a]scale={width0}:{height0}[v0];[b]scale={width1}:{height1}[v1]",
        "-map", "[v0]", "-map", "1:a", "-map", "[v1]", "-map", "1:a",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-sc_threshold", "0", "-c:a", "aac",
        "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod",
    ];

    private static void Ffmpeg(params string[] arguments) => ExternalTool.Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments]);
}
