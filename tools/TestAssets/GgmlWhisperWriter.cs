using System.Text;

namespace HlsEncoder.TestAssets;

/// <summary>
/// Writes the sections of a legacy ggml Whisper model file (the format of whisper.cpp's
/// models/convert-pt-to-ggml.py), little-endian, straight to the stream.
/// </summary>
public sealed class GgmlWhisperWriter(Stream output) : IDisposable
{
    private const uint GgmlMagic = 0x67676d6c;
    private const int MostlyF16FileType = 1;

    private readonly BinaryWriter writer = new(output, Encoding.UTF8, leaveOpen: true);

    public void WriteHeader(WhisperHyperParameters model)
    {
        writer.Write(GgmlMagic);
        writer.Write(model.VocabularySize);
        writer.Write(model.AudioContext);
        writer.Write(model.AudioState);
        writer.Write(model.AudioHeads);
        writer.Write(model.AudioLayers);
        writer.Write(model.TextContext);
        writer.Write(model.TextState);
        writer.Write(model.TextHeads);
        writer.Write(model.TextLayers);
        writer.Write(model.MelBands);
        writer.Write(MostlyF16FileType);
    }

    public void WriteMelFilters(float[,] filters)
    {
        writer.Write(filters.GetLength(0));
        writer.Write(filters.GetLength(1));
        foreach (float weight in filters)
        {
            writer.Write(weight);
        }
    }

    public void WriteVocabulary(IReadOnlyCollection<string> tokens)
    {
        writer.Write(tokens.Count);
        foreach (var token in tokens)
        {
            byte[] text = Encoding.UTF8.GetBytes(token);
            writer.Write(text.Length);
            writer.Write(text);
        }
    }

    public void WriteTensor(GgmlTensor tensor, Func<float> nextValue)
    {
        byte[] name = Encoding.UTF8.GetBytes(tensor.Name);
        writer.Write(tensor.Dimensions.Count);
        writer.Write(name.Length);
        writer.Write((int)tensor.Type);
        foreach (int dimension in tensor.Dimensions)
        {
            writer.Write(dimension);
        }

        writer.Write(name);
        for (long element = 0; element < tensor.ElementCount; element++)
        {
            if (tensor.Type == GgmlType.F16)
            {
                writer.Write((Half)nextValue());
            }
            else
            {
                writer.Write(nextValue());
            }
        }
    }

    public void Dispose() => writer.Dispose();
}
