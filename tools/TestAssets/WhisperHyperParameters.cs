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
}
