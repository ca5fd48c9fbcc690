using System.Globalization;
using System.Text.RegularExpressions;
using HlsEncoder.TestAssets;

namespace HlsEncoder.Tests.Ladder;

/// <summary>
/// Real speech (espeak-ng) under a 640x360 picture, at levels set with ffmpeg's volume filter from the speech's
/// own measured loudness: 10 dB below -16 LUFS, 6 dB above it (in float, so the peaks pass 0 dBFS as in a
/// hot recording), a near-silent noise floor, and a video without sound.
/// </summary>
public sealed class LoudnessClips : IDisposable
{
    public const double Target = -16;
    private const string Words =
        "Welcome to this lecture on signal processing. Today we talk about loudness, how it is measured, and why a course " +
        "should sound the same from one video to the next. Nobody should have to reach for the volume control between lessons.";

    public LoudnessClips()
    {
        Folder = Directory.CreateTempSubdirectory("hlsenc-loudness-").FullName;
        var speech = Path.Combine(Folder, "speech.wav");
        ExternalTool.Run("espeak-ng", "-w", speech, Words);
        SpeechLoudness = Measure(speech).Integrated;
        Quiet = Make("quiet.mp4", $"[1:a]aformat=sample_fmts=flt,volume={Invariant(Target - 10 - SpeechLoudness)}dB[a]", speech, "aac");
        // Float PCM keeps peaks above 0 dBFS that AAC would clip (and so make the clip quieter than asked).
        Loud = Make("loud.mkv", $"[1:a]aformat=sample_fmts=flt,volume={Invariant(Target + 6 - SpeechLoudness)}dB[a]", speech, "pcm_f32le");
        NearSilent = Make("hiss.mp4", "anoisesrc=color=pink:amplitude=0.0008:sample_rate=48000,aformat=channel_layouts=stereo[a]", speech, "aac");
        NoSound = Path.Combine(Folder, "nosound.mp4");
        ExternalTool.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "3",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", NoSound);
    }

    public string Folder { get; }

    /// <summary>The speech as espeak-ng says it, before any level change.</summary>
    public double SpeechLoudness { get; }

    /// <summary>12 s of speech about -26 LUFS.</summary>
    public string Quiet { get; }

    /// <summary>12 s of speech about -10 LUFS, true peaks above 0 dBTP (float PCM in Matroska).</summary>
    public string Loud { get; }

    /// <summary>12 s of faint pink noise (about -60 LUFS): a muted microphone.</summary>
    public string NearSilent { get; }

    /// <summary>3 s of picture, no audio stream.</summary>
    public string NoSound { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>
    /// An independent EBU R128 measurement (ffmpeg's ebur128 with true peak) of a file's or an HLS
    /// playlist's first sound track, read from the summary with a few regular expressions of its own.
    /// </summary>
    public static (double Integrated, double Range, double TruePeak) Measure(string media)
    {
        var text = ExternalTool.RunForErrorOutput("ffmpeg", "-hide_banner", "-nostats", "-i", media, "-map", "0:a:0", "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-");
        var summary = text[text.LastIndexOf("Summary:", StringComparison.Ordinal)..];
        return (Number(summary, @"I:\s+(\S+) LUFS"), Number(summary, @"LRA:\s+(\S+) LU"), Number(summary, @"Peak:\s+(\S+) dBFS"));
    }

    private static double Number(string text, string pattern)
    {
        var value = Regex.Match(text, pattern).Groups[1].Value;
        return value == "-inf" ? double.NegativeInfinity : double.Parse(value, CultureInfo.InvariantCulture);
    }

    private string Make(string name, string audioGraph, string speech, string audioCodec)
    {
        var path = Path.Combine(Folder, name);
        ExternalTool.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-stream_loop", "-1", "-i", speech,
            "-filter_complex", audioGraph, "-map", "0:v", "-map", "[a]", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", audioCodec, "-ar", "48000", "-ac", "2", "-t", "12", path);
        return path;
    }

    private static string Invariant(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
