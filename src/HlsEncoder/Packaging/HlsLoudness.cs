using System.Globalization;

namespace HlsEncoder.Packaging;

/// <summary>
/// The loudness of a package's source sound (EBU R128 / ITU-R BS.1770, as ffmpeg's ebur128 filter measures
/// it) and what the encode did with it: the gain applied, the target, and the true-peak ceiling of the
/// limiter when one was needed. Null on a package whose source has no sound or that was encoded with
/// -NoLoudnessNormalization.
/// </summary>
/// <param name="IntegratedLoudness">The source's integrated loudness in LUFS; -70 (the gate) or lower for silence.</param>
/// <param name="LoudnessRange">The source's loudness range (LRA) in LU.</param>
/// <param name="TruePeak">The source's true peak in dBTP.</param>
/// <param name="Threshold">The relative gate of the integrated loudness, in LUFS.</param>
/// <param name="Target">The loudness the package was normalized to (LUFS); null when the sound was left as it was (silence).</param>
/// <param name="Gain">The gain applied, in dB; 0 when not normalized.</param>
/// <param name="TruePeakCeiling">The ceiling of the true-peak limiter (dBTP) when the gain would have pushed peaks past it; else null.</param>
public sealed record HlsLoudness(double IntegratedLoudness, double LoudnessRange, double TruePeak, double Threshold, double? Target, double Gain, double? TruePeakCeiling)
{
    public bool Normalized => Target is not null;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{IntegratedLoudness:0.0} LUFS, LRA {LoudnessRange:0.0} LU, true peak {TruePeak:0.0} dBTP") +
        (Target is { } target ? string.Create(CultureInfo.InvariantCulture, $"; normalized to {target:0.#} LUFS ({Gain:+0.0;-0.0;0.0} dB)") : "; not normalized") +
        (TruePeakCeiling is { } ceiling ? string.Create(CultureInfo.InvariantCulture, $", peaks limited to {ceiling:0.#} dBTP") : string.Empty);
}
