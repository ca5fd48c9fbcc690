using System.Globalization;
using HlsEncoder.TestAssets;

namespace HlsEncoder.Tests.Transcription;

/// <summary>
/// Made once per test class: the tiny random-weight Whisper model, real espeak-ng speech, and short clips
/// with speech, with a silent track and without audio. The model transcribes nonsense: tests assert on
/// structure and timing, never on words.
/// </summary>
public sealed class TranscriptionAssets : IDisposable
{
    public const string Lecture =
        "Welcome to the first lecture of this course. Today we look at how video is cut into short segments. " +
        "Each segment is encoded at several bit rates. The player picks the best one for the network.";

    public TranscriptionAssets()
    {
        Folder = Directory.CreateTempSubdirectory("hlsenc-transcribe-assets-").FullName;
        Model = Path.Combine(Folder, "ggml-tiny-test.bin");
        TinyWhisperModel.Write(Model, seed: 1);
        Speech = Path.Combine(Folder, "speech.wav");
        SpeechAudio.WriteWav(Speech, Lecture, SpeechDuration);
        SpeechVideo = MakeVideo("lecture.mp4", ["-i", Speech], 10);
        SilentVideo = MakeVideo("silent.mp4", ["-f", "lavfi", "-i", "anullsrc=channel_layout=stereo:sample_rate=48000"], 4);
        NoAudioVideo = MakeVideo("noaudio.mp4", [], 2);
        LongSpeech = Path.Combine(Folder, "long.wav");
        ExternalTool.Run("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-stream_loop", "7", "-i", Speech, "-c", "copy", LongSpeech);
    }

    public static TimeSpan SpeechDuration { get; } = TimeSpan.FromSeconds(12);

    public string Folder { get; }

    /// <summary>The tiny random-weight model (~8 MB), seed 1.</summary>
    public string Model { get; }

    /// <summary>12 s of espeak-ng speech (about 10 s spoken, then silence), 16 kHz mono WAV.</summary>
    public string Speech { get; }

    /// <summary>The speech eight times over: 96 s, long enough to be stopped while Whisper works.</summary>
    public string LongSpeech { get; }

    /// <summary>320x180 H.264 + AAC, 10 s of the same speech.</summary>
    public string SpeechVideo { get; }

    /// <summary>320x180, 4 s, with an all-zero stereo audio track.</summary>
    public string SilentVideo { get; }

    /// <summary>320x180, 2 s, no audio stream.</summary>
    public string NoAudioVideo { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private string MakeVideo(string name, string[] audioInput, int seconds)
    {
        var path = Path.Combine(Folder, name);
        string[] audio = audioInput.Length == 0 ? ["-an"] : ["-map", "0:v", "-map", "1:a", "-c:a", "aac", "-ar", "48000"];
        ExternalTool.Run("ffmpeg", [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", .. audioInput,
            .. audio, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-t", seconds.ToString(CultureInfo.InvariantCulture), path]);
        return path;
    }
}
