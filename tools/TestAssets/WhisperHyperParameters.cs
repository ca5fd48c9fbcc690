namespace HlsEncoder.TestAssets;

/// <summary>The int32 hyperparameters at the start of a legacy ggml Whisper model file, in file order.</summary>
public sealed record WhisperHyperParameters(
    int VocabularySize,
    int AudioContext,
    int AudioState,
    int AudioHeads,
    int AudioLayers,
    int TextContext,
    int TextState,
    int TextHeads,
    int TextLayers,
    int MelBands)
{
    /// <summary>One encoder and one decoder layer of width 64: the smallest model whisper.cpp accepts as multilingual.</summary>
    public static WhisperHyperParameters Tiny { get; } = new(
        VocabularySize: 51865,
        AudioContext: 1500,
        AudioState: 64,
        AudioHeads: 1,
        AudioLayers: 1,
        TextContext: 448,
        TextState: 64,
        TextHeads: 1,
        TextLayers: 1,
        MelBands: 80);

    /// <summary>
    /// The shape of Whisper's "base" model (6 encoder and 6 decoder layers of width 512): random weights, but
    /// the arithmetic of a real base model, for benchmarks of CPU use (not for words).
    /// </summary>
    public static WhisperHyperParameters Base { get; } = Tiny with
    {
        AudioState = 512,
        AudioHeads = 8,
        AudioLayers = 6,
        TextState = 512,
        TextHeads = 8,
        TextLayers = 6,
    };
}
