namespace HlsEncoder.Transcription;

/// <summary>MPEG-TS timestamps: 90 kHz ticks in 33 bits, wrapping around after about 26.5 hours.</summary>
internal static class MpegTsClock
{
    public const long Rollover = 1L << 33;

    public static long Wrap(long ticks) => ((ticks % Rollover) + Rollover) % Rollover;
}
