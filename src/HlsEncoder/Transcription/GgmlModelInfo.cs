namespace HlsEncoder.Transcription;

/// <summary>What the header of a Whisper ggml model file says, read without loading the model.</summary>
public sealed record GgmlModelInfo
{
    public required string Path { get; init; }

    public required long Size { get; init; }

    /// <summary>tiny, base, small, medium or large by the encoder's depth; "custom" for anything else (such as the tests' model).</summary>
    public required string Kind { get; init; }

    /// <summary>False for the English-only (.en) models, which can neither detect nor transcribe other languages.</summary>
    public required bool IsMultilingual { get; init; }

    /// <summary>The weights' storage: f32, f16, q5_0, q8_0, ...</summary>
    public required string WeightType { get; init; }

    public required int MelBands { get; init; }

    public required int TensorCount { get; init; }
}
