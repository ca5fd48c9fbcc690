using System.Globalization;
using HlsEncoder.Packaging;

namespace HlsEncoder.Ladder;

/// <summary>
/// How a measured sound track is brought to an even loudness: one fixed gain to the target, and a true-peak
/// limiter only when that gain would push peaks past the ceiling.
/// </summary>
/// <remarks>
/// Not ffmpeg's loudnorm in its second pass: with measured values and linear=true it still falls back to
/// its dynamic mode whenever the gain would break its true-peak target, which pumps speech and leaves no
/// record of what was done. A computed gain is exact and can be logged and stored; the limiter (alimiter
/// at 4x the sample rate, so that it sees inter-sample peaks) touches only the few peaks above the ceiling.
/// The ceiling sits below the promised -1 dBTP because AAC adds overshoot of its own, the more the harder
/// the limiter worked: measured here on espeak-ng speech limited by 5 dB, 0.3 dB at 128 kb/s stereo and
/// 1.6 dB at 96 kb/s; at 64 kb/s stereo and 48 kb/s mono up to 2.6 dB. Limiting lowers the integrated
/// loudness (1.1 LU for 5.5 dB of limiting on a synthetic lecture), so when the limiter works the result is
/// measured again in audio-only passes and the gain raised by what was lost (<see cref="Correct"/>).
/// </remarks>
internal static class LoudnessNormalization
{
    /// <summary>The usual target for speech streamed online (AES TD1004, Apple, Spotify's "loud" is -11; EBU broadcast is -23).</summary>
    public const double TargetLufs = -16;

    /// <summary>What the published sound's true peak stays below, after AAC encoding.</summary>
    public const double TruePeakLimitDbtp = -1;

    /// <summary>
    /// Below this a track is silence, room tone or hum, not speech: raising it to the target would only
    /// make noise loud (ebur128 reports -70 LUFS, its absolute gate, for silence).
    /// </summary>
    public const double QuietestNormalizedLufs = -50;

    /// <summary>AAC at fewer kb/s than this (64 kb/s stereo, 48 kb/s mono) overshoots more; its ceiling is lower.</summary>
    private const int WellCodedKbps = 96;

    /// <summary>How many times the limited sound is measured again to give back what limiting cost.</summary>
    public const int MaximumChecks = 3;

    /// <summary>The loudness part of the encode settings: the target when normalization is on, else null.</summary>
    public static double? SettingFor(bool normalize) => normalize ? TargetLufs : null;

    /// <summary>The limiter's ceiling, before the AAC encoder, for the ladder's thinnest audio.</summary>
    public static double CeilingFor(LadderPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var thinnest = plan.Renditions.Where(r => r.AudioBitrateKbps > 0).Select(r => r.AudioBitrateKbps).DefaultIfEmpty(int.MaxValue).Min();
        return thinnest >= WellCodedKbps ? -3 : -4;
    }

    /// <summary>
    /// The gain raised (or lowered) by what the limiter cost, from a measurement of the gained and limited sound;
    /// unchanged when it landed within 0.2 LU of the target.
    /// </summary>
    public static (HlsLoudness Loudness, string? Reason) Correct(HlsLoudness planned, LoudnessMeasurement limited)
    {
        ArgumentNullException.ThrowIfNull(planned);
        ArgumentNullException.ThrowIfNull(limited);
        if (planned.Target is not { } target || !double.IsFinite(limited.IntegratedLufs) || Math.Abs(target - limited.IntegratedLufs) < 0.2)
        {
            return (planned, null);
        }

        var gain = Math.Round(planned.Gain + (target - limited.IntegratedLufs), 1);
        return (planned with { Gain = gain }, string.Create(CultureInfo.InvariantCulture,
            $"Loudness: with its peaks limited the sound measures {limited.IntegratedLufs:0.0} LUFS; setting the gain to {gain:+0.0;-0.0;0.0} dB to reach {target:0.#} LUFS."));
    }

    /// <summary>Decides what to do with a measured track; the reason is for the verbose log.</summary>
    public static (HlsLoudness Loudness, string Reason) Decide(LoudnessMeasurement measured, double ceilingDbtp)
    {
        ArgumentNullException.ThrowIfNull(measured);
        var summary = Describe(measured);
        if (!double.IsFinite(measured.IntegratedLufs) || measured.IntegratedLufs < QuietestNormalizedLufs)
        {
            return (Unchanged(measured),
                string.Create(CultureInfo.InvariantCulture, $"Loudness: {summary}; not normalizing: the sound is silent or nearly so (below {QuietestNormalizedLufs} LUFS), and raising it would only make its noise loud."));
        }

        var gain = Math.Round(TargetLufs - measured.IntegratedLufs, 1);
        double? ceiling = double.IsFinite(measured.TruePeakDbtp) && measured.TruePeakDbtp + gain > ceilingDbtp ? ceilingDbtp : null;
        var loudness = new HlsLoudness(Finite(measured.IntegratedLufs), Finite(measured.RangeLu), Finite(measured.TruePeakDbtp), Finite(measured.ThresholdLufs), TargetLufs, gain, ceiling);
        return (loudness, string.Create(CultureInfo.InvariantCulture, $"Loudness: {summary}; normalizing to {TargetLufs:0.#} LUFS ({gain:+0.0;-0.0;0.0} dB)") +
            (ceiling is { } c ? string.Create(CultureInfo.InvariantCulture, $", peaks limited to {c:0.#} dBTP (they would reach {measured.TruePeakDbtp + gain:+0.0;-0.0} dBTP).") : "."));
    }

    /// <summary>The audio filter chain for a track's gain and limiter, starting from the layout the ladder encodes.</summary>
    public static string FilterChain(HlsLoudness loudness, int channels, int outputSampleRate)
    {
        ArgumentNullException.ThrowIfNull(loudness);
        var chain = string.Create(CultureInfo.InvariantCulture, $"aformat=channel_layouts={(channels == 1 ? "mono" : "stereo")},volume={loudness.Gain:0.0}dB");
        if (loudness.TruePeakCeiling is { } ceiling)
        {
            // level=false: alimiter would otherwise raise its output back to 0 dBFS; latency=true keeps the sound in sync with the picture.
            chain += string.Create(CultureInfo.InvariantCulture,
                $",aresample=192000,alimiter=limit={Math.Pow(10, ceiling / 20):0.0000}:attack=5:release=50:level=false:latency=true,aresample={outputSampleRate}");
        }

        return chain;
    }

    private static HlsLoudness Unchanged(LoudnessMeasurement measured) =>
        new(Finite(measured.IntegratedLufs), Finite(measured.RangeLu), Finite(measured.TruePeakDbtp), Finite(measured.ThresholdLufs), null, 0, null);

    /// <summary>JSON has no infinity: silence's "-inf" peak is stored as ebur128's floor.</summary>
    private static double Finite(double value) => double.IsFinite(value) ? value : value < 0 ? -70 : 0;

    private static string Describe(LoudnessMeasurement m) =>
        string.Create(CultureInfo.InvariantCulture, $"{Show(m.IntegratedLufs)} LUFS, LRA {Show(m.RangeLu)} LU, true peak {Show(m.TruePeakDbtp)} dBTP");

    private static string Show(double value) => double.IsFinite(value) ? value.ToString("0.0", CultureInfo.InvariantCulture) : value < 0 ? "-inf" : "inf";
}
