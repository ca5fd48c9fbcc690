namespace HlsEncoder.TestAssets;

/// <summary>
/// The tensors whisper.cpp 1.8.5 (bundled by Whisper.net 1.9.1) creates in whisper_model_load and
/// looks up by name, with the exact shapes it checks. It rejects unknown names and missing tensors.
/// </summary>
public static class WhisperTensorLayout
{
    public static IEnumerable<GgmlTensor> For(WhisperHyperParameters model)
    {
        int audioState = model.AudioState;
        yield return GgmlTensor.F32("encoder.positional_embedding", audioState, model.AudioContext);
        yield return GgmlTensor.F16("encoder.conv1.weight", 3, model.MelBands, audioState);
        yield return GgmlTensor.F32("encoder.conv1.bias", 1, audioState);
        yield return GgmlTensor.F16("encoder.conv2.weight", 3, audioState, audioState);
        yield return GgmlTensor.F32("encoder.conv2.bias", 1, audioState);
        yield return GgmlTensor.F32("encoder.ln_post.weight", audioState);
        yield return GgmlTensor.F32("encoder.ln_post.bias", audioState);
        for (int layer = 0; layer < model.AudioLayers; layer++)
        {
            var block = $"encoder.blocks.{layer}";
            foreach (var tensor in FeedForward(block, audioState).Concat(Attention(block, "attn", audioState)))
            {
                yield return tensor;
            }
        }

        int textState = model.TextState;
        yield return GgmlTensor.F32("decoder.positional_embedding", textState, model.TextContext);
        yield return GgmlTensor.F16("decoder.token_embedding.weight", textState, model.VocabularySize);
        yield return GgmlTensor.F32("decoder.ln.weight", textState);
        yield return GgmlTensor.F32("decoder.ln.bias", textState);
        for (int layer = 0; layer < model.TextLayers; layer++)
        {
            var block = $"decoder.blocks.{layer}";
            var tensors = FeedForward(block, textState)
                .Concat(Attention(block, "attn", textState))
                .Concat(Attention(block, "cross_attn", textState));
            foreach (var tensor in tensors)
            {
                yield return tensor;
            }
        }
    }

    private static IEnumerable<GgmlTensor> FeedForward(string block, int state)
    {
        yield return GgmlTensor.F32($"{block}.mlp_ln.weight", state);
        yield return GgmlTensor.F32($"{block}.mlp_ln.bias", state);
        yield return GgmlTensor.F16($"{block}.mlp.0.weight", state, 4 * state);
        yield return GgmlTensor.F32($"{block}.mlp.0.bias", 4 * state);
        yield return GgmlTensor.F16($"{block}.mlp.2.weight", 4 * state, state);
        yield return GgmlTensor.F32($"{block}.mlp.2.bias", state);
    }

    // Whisper's key projection has no bias.
    private static IEnumerable<GgmlTensor> Attention(string block, string attention, int state)
    {
        yield return GgmlTensor.F32($"{block}.{attention}_ln.weight", state);
        yield return GgmlTensor.F32($"{block}.{attention}_ln.bias", state);
        yield return GgmlTensor.F16($"{block}.{attention}.query.weight", state, state);
        yield return GgmlTensor.F32($"{block}.{attention}.query.bias", state);
        yield return GgmlTensor.F16($"{block}.{attention}.key.weight", state, state);
        yield return GgmlTensor.F16($"{block}.{attention}.value.weight", state, state);
        yield return GgmlTensor.F32($"{block}.{attention}.value.bias", state);
        yield return GgmlTensor.F16($"{block}.{attention}.out.weight", state, state);
        yield return GgmlTensor.F32($"{block}.{attention}.out.bias", state);
    }
}
