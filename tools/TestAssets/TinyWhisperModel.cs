namespace HlsEncoder.TestAssets;

/// <summary>
/// A random-weight Whisper model (~8 MB) that whisper.cpp loads and runs fast. It transcribes
/// nonsense (" w36182"), so tests assert on the transcript's structure and timing, not its words.
/// </summary>
public static class TinyWhisperModel
{
    // About the spread of a trained model's weights; any small values keep ggml's arithmetic finite.
    private const double WeightStandardDeviation = 0.02;

    /// <param name="shape">The hyperparameters; <see cref="WhisperHyperParameters.Tiny"/> unless a benchmark needs a real model's size.</param>
    public static void Write(string path, int seed = 1, WhisperHyperParameters? shape = null)
    {
        var model = shape ?? WhisperHyperParameters.Tiny;
        AtomicFile.Write(path, stream =>
        {
            using var writer = new GgmlWhisperWriter(stream);
            writer.WriteHeader(model);
            writer.WriteMelFilters(MelFilterBank.Create(model.MelBands));
            writer.WriteVocabulary(TinyVocabulary.OrdinaryTokens().ToList());
            var weights = new GaussianSampler(seed, WeightStandardDeviation);
            foreach (var tensor in WhisperTensorLayout.For(model))
            {
                writer.WriteTensor(tensor, weights.Next);
            }
        });
    }
}
