using System.Globalization;

namespace HlsEncoder.TestAssets;

/// <summary>Real synthetic speech from espeak-ng, as the 16 kHz mono 16-bit WAV that Whisper reads.</summary>
public static class SpeechAudio
{
    public const int SampleRate = 16000;

    /// <summary>Speaks <paramref name="text"/>, padded with silence or cut to exactly <paramref name="duration"/>.</summary>
    public static void WriteWav(string path, string text, TimeSpan duration) => Write(path, duration, "-w", $"{path}.espeak.wav", text);

    /// <summary>
    /// Speaks the sentences with <paramref name="pause"/> of silence between them (an SSML break, which
    /// espeak-ng renders as digital silence), padded or cut to exactly <paramref name="duration"/>.
    /// </summary>
    public static void WriteWavWithPauses(string path, IEnumerable<string> sentences, TimeSpan pause, TimeSpan duration)
    {
        var ssml = string.Join(
            $"<break time=\"{(int)pause.TotalMilliseconds}ms\"/>",
            sentences.Select(s => System.Security.SecurityElement.Escape(s)));
        Write(path, duration, "-m", "-w", $"{path}.espeak.wav", $"<speak>{ssml}</speak>");
    }

    private static void Write(string path, TimeSpan duration, params string[] espeakArguments)
    {
        string spoken = $"{path}.espeak.wav";
        string seconds = duration.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        try
        {
            ExternalTool.Run("espeak-ng", espeakArguments);
            ExternalTool.Run(
                "ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", spoken,
                "-af", $"apad=whole_dur={seconds}", "-t", seconds,
                "-ar", SampleRate.ToString(CultureInfo.InvariantCulture), "-ac", "1", "-c:a", "pcm_s16le", path);
        }
        finally
        {
            File.Delete(spoken);
        }
    }
}
