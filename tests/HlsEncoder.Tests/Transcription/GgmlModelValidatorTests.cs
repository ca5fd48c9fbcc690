using System.Buffers.Binary;
using HlsEncoder.TestAssets;
using HlsEncoder.Transcription;

namespace HlsEncoder.Tests.Transcription;

/// <summary>
/// Files that would crash or confuse whisper.cpp's loader are refused before it sees them. The broken
/// files are never handed to the native library here: a vocabulary without " ", for one, aborts the
/// whole process there (WHISPER.md).
/// </summary>
public sealed class GgmlModelValidatorTests : IDisposable
{
    private const int HeaderBytes = 4 + (11 * 4);
    private const int VocabularyOffset = HeaderBytes + 8 + (80 * 201 * 4);

    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-ggml-").FullName;
    private readonly byte[] _model;

    public GgmlModelValidatorTests()
    {
        var path = Path.Combine(_folder, "tiny.bin");
        TinyWhisperModel.Write(path, seed: 2);
        _model = File.ReadAllBytes(path);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Reads_the_facts_of_a_loadable_model()
    {
        var info = GgmlModelValidator.Validate(Write("ok.bin", _model));

        Assert.Equal(("custom", true, "f16", 80, _model.Length), (info.Kind, info.IsMultilingual, info.WeightType, info.MelBands, (int)info.Size));
        Assert.True(info.TensorCount > 10);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(30)]
    [InlineData(HeaderBytes + 4)]
    [InlineData(VocabularyOffset + 1000)]
    [InlineData(-1000)]
    [InlineData(-1)]
    public void A_truncated_file_is_refused(int length)
    {
        var cut = _model[..(length >= 0 ? length : _model.Length + length)];

        var error = Invalid(Write("cut.bin", cut));

        Assert.Matches("truncated|only \\d+ bytes long", error.Message);
        Assert.Contains("Save-WhisperModel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_ggml_model_is_refused()
    {
        var html = "<!DOCTYPE html><html><body>Not found</body></html>"u8.ToArray();
        Assert.Contains("ggml magic", Invalid(Write("page.bin", html)).Message, StringComparison.Ordinal);

        var gguf = _model.ToArray();
        "GGUF"u8.CopyTo(gguf);
        Assert.Contains("GGUF", Invalid(Write("gguf.bin", gguf)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 50000, "vocabulary size")]
    [InlineData(3, 0, "layer shapes")]
    [InlineData(4, 3, "layer shapes")]
    [InlineData(10, 64, "mel bands")]
    [InlineData(11, 77, "weight type")]
    public void Implausible_hyper_parameters_are_refused(int field, int value, string problem)
    {
        var bad = _model.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bad.AsSpan(field * 4), value);

        Assert.Contains(problem, Invalid(Write("header.bin", bad)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absurd_token_length_is_refused_before_anything_allocates_it()
    {
        var bad = _model.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bad.AsSpan(VocabularyOffset + 4), 0x7fff_ffff);

        Assert.Contains("token 0 claims 2147483647 bytes", Invalid(Write("token.bin", bad)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_vocabulary_without_the_single_space_token_is_refused()
    {
        var bad = _model.ToArray();
        var offset = VocabularyOffset + 4;
        var count = BinaryPrimitives.ReadInt32LittleEndian(bad.AsSpan(VocabularyOffset));
        for (var i = 0; i < count; i++)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bad.AsSpan(offset));
            if (length == 1 && bad[offset + 4] == (byte)' ')
            {
                bad[offset + 4] = (byte)'_';
            }

            offset += 4 + length;
        }

        Assert.Contains("no single-space token", Invalid(Write("space.bin", bad)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_after_the_last_tensor_or_a_corrupt_tensor_header_are_refused()
    {
        Assert.Contains("tensor #", Invalid(Write("trailing.bin", [.. _model, .. new byte[64]])).Message, StringComparison.Ordinal);

        var bad = _model.ToArray();
        var firstTensor = FirstTensorOffset(bad);
        BinaryPrimitives.WriteInt32LittleEndian(bad.AsSpan(firstTensor), 9);
        Assert.Contains("has 9 dimensions", Invalid(Write("dims.bin", bad)).Message, StringComparison.Ordinal);

        bad = _model.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bad.AsSpan(firstTensor + 8), 99);
        Assert.Contains("unknown type 99", Invalid(Write("type.bin", bad)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_says_how_to_get_a_model_and_a_folder_is_not_a_model()
    {
        var missing = Assert.Throws<HlsEncoderException>(() => GgmlModelValidator.Validate(Path.Combine(_folder, "none.bin")));
        Assert.Equal("ModelNotFound", missing.ErrorId);
        Assert.Contains("Save-WhisperModel -ModelName base", missing.Message, StringComparison.Ordinal);

        Assert.Contains("folder", Invalid(_folder).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_transcriber_refuses_a_corrupt_model_when_it_is_created()
    {
        var error = Assert.Throws<HlsEncoderException>(() => new Transcriber(new TranscriptionOptions { ModelPath = Write("cut.bin", _model[..100_000]) }));

        Assert.Equal("ModelInvalid", error.ErrorId);
    }

    private static HlsEncoderException Invalid(string path)
    {
        var error = Assert.Throws<HlsEncoderException>(() => GgmlModelValidator.Validate(path));
        Assert.Equal("ModelInvalid", error.ErrorId);
        Assert.Equal(FailureKind.InvalidData, error.Kind);
        return error;
    }

    private static int FirstTensorOffset(byte[] model)
    {
        var offset = VocabularyOffset + 4;
        var count = BinaryPrimitives.ReadInt32LittleEndian(model.AsSpan(VocabularyOffset));
        for (var i = 0; i < count; i++)
        {
            offset += 4 + BinaryPrimitives.ReadInt32LittleEndian(model.AsSpan(offset));
        }

        return offset;
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
