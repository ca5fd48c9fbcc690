using System.Globalization;

namespace HlsEncoder.Transcription;

/// <summary>Cue timestamps as the subtitle formats spell them: always hours, minutes, seconds and milliseconds.</summary>
internal static class CueTime
{
    /// <summary>SubRip: 01:02:03,456.</summary>
    public static string Srt(TimeSpan time) => Format(time, ',');

    /// <summary>WebVTT: 01:02:03.456 (hours always written, so a parser never has to guess).</summary>
    public static string Vtt(TimeSpan time) => Format(time, '.');

    private static string Format(TimeSpan time, char separator)
    {
        var milliseconds = (long)Math.Round(Math.Max(0, time.TotalMilliseconds), MidpointRounding.AwayFromZero);
        var hours = milliseconds / 3_600_000;
        var minutes = milliseconds / 60_000 % 60;
        var seconds = milliseconds / 1000 % 60;
        return string.Create(CultureInfo.InvariantCulture, $"{hours:00}:{minutes:00}:{seconds:00}{separator}{milliseconds % 1000:000}");
    }
}
