namespace HlsEncoder.Transcription;

/// <summary>
/// Loudness of 16 kHz PCM in short frames, the little signal analysis transcription needs: where a
/// chunk can be cut without cutting a word, whether a chunk holds any sound at all, and which 30 s of
/// it are the most likely to hold speech for language detection.
/// </summary>
internal static class PcmLevels
{
    public const int FrameSamples = 800;

    /// <summary>About -60 dBFS: quieter than any room a lecture is recorded in, louder than digital silence and dither.</summary>
    public const float SilenceRms = 0.001f;

    public static float[] FrameRms(ReadOnlySpan<float> samples)
    {
        var frames = new float[(samples.Length + FrameSamples - 1) / FrameSamples];
        for (var f = 0; f < frames.Length; f++)
        {
            var frame = samples.Slice(f * FrameSamples, Math.Min(FrameSamples, samples.Length - (f * FrameSamples)));
            double sum = 0;
            foreach (var sample in frame)
            {
                sum += sample * sample;
            }

            frames[f] = (float)Math.Sqrt(sum / frame.Length);
        }

        return frames;
    }

    public static bool IsSilent(ReadOnlySpan<float> samples)
    {
        foreach (var rms in FrameRms(samples))
        {
            if (rms >= SilenceRms)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The sample index in the middle of the quietest frame within [from, to).</summary>
    public static int QuietestPoint(ReadOnlySpan<float> samples, int from, int to)
    {
        from = Math.Clamp(from, 0, samples.Length);
        to = Math.Clamp(to, from, samples.Length);
        var best = to;
        var bestRms = float.MaxValue;
        for (var start = from; start + FrameSamples <= to; start += FrameSamples)
        {
            var rms = FrameRms(samples.Slice(start, FrameSamples))[0];
            if (rms < bestRms)
            {
                bestRms = rms;
                best = start + (FrameSamples / 2);
            }
        }

        return best;
    }

    /// <summary>The start of the loudest window of <paramref name="windowSamples"/>, in steps of one frame.</summary>
    public static int LoudestWindow(ReadOnlySpan<float> samples, int windowSamples)
    {
        if (samples.Length <= windowSamples)
        {
            return 0;
        }

        var frames = FrameRms(samples);
        var window = Math.Max(1, windowSamples / FrameSamples);
        double energy = 0;
        for (var f = 0; f < Math.Min(window, frames.Length); f++)
        {
            energy += frames[f] * frames[f];
        }

        var best = 0;
        var bestEnergy = energy;
        for (var f = window; f < frames.Length; f++)
        {
            energy += (frames[f] * frames[f]) - (frames[f - window] * frames[f - window]);
            if (energy > bestEnergy)
            {
                bestEnergy = energy;
                best = f - window + 1;
            }
        }

        return Math.Min(best * FrameSamples, samples.Length - windowSamples);
    }
}
