namespace HlsEncoder.Transcription;

/// <summary>A stretch of samples, [Start, End).</summary>
internal readonly record struct SampleRange(int Start, int End)
{
    public int Length => End - Start;
}

/// <summary>
/// Where a chunk of audio holds sound worth transcribing: everything but its silences of two seconds or
/// more, each stretch of sound padded by 0.4 s of the silence around it so that soft first and last
/// sounds are kept. The rule is ffmpeg's silencedetect (a level below the noise floor for at least a
/// minimum time; d=2 is its default) applied to the PCM already in memory, so no second decode is
/// needed; the padding and minimum are those faster-whisper's VAD filter uses (speech_pad_ms 400,
/// min_silence_duration_ms 2000). The level is -50 dBFS over 50 ms frames: above the room tone of a
/// lecture recording, well below speech, even soft speech (about -40 to -20 dBFS).
/// </summary>
internal static class SpeechRegions
{
    public const float SilenceLevel = 0.00316f;

    public static readonly TimeSpan MinSilence = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan Padding = TimeSpan.FromMilliseconds(400);

    public static IReadOnlyList<SampleRange> Find(ReadOnlySpan<float> samples)
    {
        var frames = PcmLevels.FrameRms(samples);
        var minFrames = (int)Math.Ceiling(MinSilence.TotalSeconds * AudioDecoder.SampleRate / PcmLevels.FrameSamples);
        var padding = (int)(Padding.TotalSeconds * AudioDecoder.SampleRate);
        var regions = new List<SampleRange>();
        var soundFrom = 0;
        var f = 0;
        while (f < frames.Length)
        {
            if (frames[f] >= SilenceLevel)
            {
                f++;
                continue;
            }

            var quietFrom = f;
            while (f < frames.Length && frames[f] < SilenceLevel)
            {
                f++;
            }

            if (f - quietFrom < minFrames)
            {
                continue;
            }

            var silenceStart = quietFrom * PcmLevels.FrameSamples;
            var silenceEnd = Math.Min(f * PcmLevels.FrameSamples, samples.Length);
            if (silenceStart > soundFrom)
            {
                regions.Add(new SampleRange(Math.Max(0, soundFrom - (soundFrom == 0 ? 0 : padding)), Math.Min(samples.Length, silenceStart + padding)));
            }

            soundFrom = silenceEnd;
        }

        if (soundFrom < samples.Length)
        {
            regions.Add(new SampleRange(Math.Max(0, soundFrom - (soundFrom == 0 ? 0 : padding)), samples.Length));
        }

        return regions;
    }
}
