using System.Globalization;

namespace HlsEncoder.TestAssets;

/// <summary>Real synthetic speech from espeak-ng, as the 16 kHz mono 16-bit WAV that Whisper reads.</summary>
public static class SpeechAudio
{
    public const int SampleRate = 16000;

    /// <summary>Speaks <paramref name="text"/>, padded with silence or cut to exactly <paramref name="duration"/>.</summary>
    public static void WriteWav(string path, string text, TimeSpan duration)
    {
        string spoken = $"{path}.espeak.wav";
        string seconds = duration.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        try
        {
            ExternalTool.Run("espeak-ng", "-w", spoken, text);
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
