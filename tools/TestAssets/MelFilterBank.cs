namespace HlsEncoder.TestAssets;

/// <summary>
/// Triangular filters evenly spaced on the mel scale over the 201 frequency bins of Whisper's
/// 400-point FFT at 16 kHz, so the model's log-mel front end sees a plausible spectrogram.
/// </summary>
public static class MelFilterBank
{
    public const int SampleRate = 16000;
    public const int FrequencyBins = 201;

    public static float[,] Create(int bands)
    {
        double nyquist = SampleRate / 2.0;
        double highestMel = HertzToMel(nyquist);
        double[] edges = Enumerable.Range(0, bands + 2)
            .Select(edge => MelToHertz(highestMel * edge / (bands + 1)))
            .ToArray();

        var filters = new float[bands, FrequencyBins];
        for (int band = 0; band < bands; band++)
        {
            double low = edges[band], centre = edges[band + 1], high = edges[band + 2];
            for (int bin = 0; bin < FrequencyBins; bin++)
            {
                double hertz = bin * nyquist / (FrequencyBins - 1);
                double rising = (hertz - low) / (centre - low);
                double falling = (high - hertz) / (high - centre);
                filters[band, bin] = (float)Math.Max(0.0, Math.Min(rising, falling));
            }
        }

        return filters;
    }

    private static double HertzToMel(double hertz) => 2595.0 * Math.Log10(1.0 + hertz / 700.0);

    private static double MelToHertz(double mel) => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
}
