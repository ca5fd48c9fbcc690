namespace HlsEncoder.Transcription;

/// <summary>
/// Reads a Whisper model file the way whisper.cpp's loader will, without loading it, so that a wrong,
/// corrupt or truncated file is an error here rather than inside the native library, where some
/// malformed headers abort the whole process (an absurd length is an uncaught std::bad_alloc, a
/// vocabulary without " " an uncaught std::out_of_range). Checked: the ggml magic, plausible
/// hyper-parameters, the mel filters, the vocabulary, and that every tensor's header is sane and its
/// data lies within the file, which must end exactly after the last tensor.
/// </summary>
public static class GgmlModelValidator
{
    private const uint GgmlMagic = 0x67676d6c;
    private const uint GgufMagic = 0x46554747;
    private const int QuantizationVersionFactor = 1000;
    private const int MelFftBins = 201;
    private const int MaxTokenBytes = 1024;
    private const int MaxTensorNameBytes = 256;

    // whisper.cpp indexes its special tokens from the end of the 50k text vocabulary: .en models have
    // 51864 tokens, multilingual ones 51865 and large-v3 51866. Fewer would index past the logits.
    private const int MinVocabulary = 51864;
    private const int MaxVocabulary = 51866;
    private const int MultilingualVocabulary = 51865;

    private static readonly string[] RequiredTensors = ["encoder.conv1.weight", "decoder.token_embedding.weight"];

    /// <summary>ggml tensor types a Whisper model may hold: bytes per block and values per block.</summary>
    private static readonly Dictionary<int, (int Bytes, int Values, string Name)> TensorTypes = new()
    {
        [0] = (4, 1, "f32"),
        [1] = (2, 1, "f16"),
        [2] = (18, 32, "q4_0"),
        [3] = (20, 32, "q4_1"),
        [6] = (22, 32, "q5_0"),
        [7] = (24, 32, "q5_1"),
        [8] = (34, 32, "q8_0"),
        [10] = (84, 256, "q2_k"),
        [11] = (110, 256, "q3_k"),
        [12] = (144, 256, "q4_k"),
        [13] = (176, 256, "q5_k"),
        [14] = (210, 256, "q6_k"),
        [30] = (2, 1, "bf16"),
    };

    private static readonly Dictionary<int, string> FileTypes = new()
    {
        [0] = "f32", [1] = "f16", [2] = "q4_0", [3] = "q4_1", [7] = "q8_0", [8] = "q5_0", [9] = "q5_1",
        [10] = "q2_k", [11] = "q3_k", [12] = "q4_k", [13] = "q5_k", [14] = "q6_k",
    };

    private static readonly Dictionary<int, string> KindsByEncoderLayers = new()
    {
        [4] = "tiny", [6] = "base", [12] = "small", [24] = "medium", [32] = "large",
    };

    /// <exception cref="HlsEncoderException">ModelNotFound when the file is missing, ModelInvalid when it is not a usable model.</exception>
    public static GgmlModelInfo Validate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw Invalid(full, "it is a folder; name the model file itself (such as ggml-base.bin)");
        }

        if (!File.Exists(full))
        {
            throw new HlsEncoderException("ModelNotFound", FailureKind.NotFound,
                $"The Whisper model {full} does not exist. Download one with Save-WhisperModel -ModelName base, or pass -Model with the path of a ggml model file.", full);
        }

        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
            using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            return Read(full, stream, reader);
        }
        catch (EndOfStreamException)
        {
            throw Invalid(full, "it ends too early (truncated, probably an interrupted download)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HlsEncoderException("ModelUnreadable", FailureKind.InvalidData, $"The Whisper model {full} cannot be read: {e.Message}", full, e);
        }
    }

    private static GgmlModelInfo Read(string path, FileStream stream, BinaryReader reader)
    {
        var length = stream.Length;
        if (length < 4)
        {
            throw Invalid(path, $"it is only {length} bytes long");
        }

        var magic = reader.ReadUInt32();
        if (magic == GgufMagic)
        {
            throw Invalid(path, "it is a GGUF file (a llama.cpp-style model); Whisper needs a ggml model such as ggml-base.bin");
        }

        if (magic != GgmlMagic)
        {
            throw Invalid(path, $"it does not start with the ggml magic number (found 0x{magic:x8}); it is not a ggml model (an HTML error page or another format?)");
        }

        var vocabulary = reader.ReadInt32();
        var audioContext = reader.ReadInt32();
        var audioState = reader.ReadInt32();
        var audioHeads = reader.ReadInt32();
        var audioLayers = reader.ReadInt32();
        var textContext = reader.ReadInt32();
        var textState = reader.ReadInt32();
        var textHeads = reader.ReadInt32();
        var textLayers = reader.ReadInt32();
        var melBands = reader.ReadInt32();
        var fileType = reader.ReadInt32();

        Require(path, vocabulary is >= MinVocabulary and <= MaxVocabulary, $"its vocabulary size {vocabulary} is not Whisper's ({MinVocabulary} to {MaxVocabulary})");
        Require(path, audioContext is > 0 and <= 1500 && textContext is > 0 and <= 448, $"its context sizes ({audioContext} audio, {textContext} text) are beyond Whisper's 1500 and 448");
        Require(path, IsShape(audioState, audioHeads, audioLayers) && IsShape(textState, textHeads, textLayers),
            $"its layer shapes are implausible (audio {audioState}/{audioHeads}/{audioLayers}, text {textState}/{textHeads}/{textLayers} state/heads/layers)");
        Require(path, melBands is 80 or 128, $"it has {melBands} mel bands; Whisper uses 80 (128 for large-v3)");
        var quantizationVersion = fileType / QuantizationVersionFactor;
        Require(path, fileType >= 0 && quantizationVersion <= 2 && FileTypes.ContainsKey(fileType % QuantizationVersionFactor), $"its weight type {fileType} is unknown");

        var filterBands = reader.ReadInt32();
        var filterBins = reader.ReadInt32();
        Require(path, filterBands == melBands && filterBins == MelFftBins, $"its mel filter bank is {filterBands}x{filterBins}, not {melBands}x{MelFftBins}");
        Skip(path, stream, (long)filterBands * filterBins * sizeof(float));

        ReadVocabulary(path, stream, reader, vocabulary);
        var tensors = ReadTensors(path, stream, reader, length);

        foreach (var required in RequiredTensors)
        {
            Require(path, tensors.Contains(required), $"it has no '{required}' tensor");
        }

        return new GgmlModelInfo
        {
            Path = path,
            Size = length,
            Kind = KindsByEncoderLayers.GetValueOrDefault(audioLayers, "custom"),
            IsMultilingual = vocabulary >= MultilingualVocabulary,
            WeightType = FileTypes[fileType % QuantizationVersionFactor],
            MelBands = melBands,
            TensorCount = tensors.Count,
        };
    }

    private static void ReadVocabulary(string path, FileStream stream, BinaryReader reader, int vocabulary)
    {
        var count = reader.ReadInt32();
        Require(path, count > 0 && count <= vocabulary, $"its vocabulary lists {count} tokens, outside 1 to {vocabulary}");
        var hasSpace = false;
        for (var i = 0; i < count; i++)
        {
            var bytes = reader.ReadUInt32();
            Require(path, bytes <= MaxTokenBytes, $"token {i} claims {bytes} bytes");
            if (bytes == 1)
            {
                hasSpace |= reader.ReadByte() == (byte)' ';
            }
            else
            {
                Skip(path, stream, bytes);
            }
        }

        // whisper.cpp looks the single-space token up without checking (std::map::at) and aborts without it.
        Require(path, hasSpace, "its vocabulary has no single-space token");
    }

    private static HashSet<string> ReadTensors(string path, FileStream stream, BinaryReader reader, long length)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (stream.Position < length)
        {
            var dimensions = reader.ReadInt32();
            var nameBytes = reader.ReadInt32();
            var type = reader.ReadInt32();
            var where = $"tensor #{names.Count + 1} at byte {stream.Position - 12}";
            Require(path, dimensions is >= 1 and <= 4, $"{where} has {dimensions} dimensions");
            Require(path, nameBytes is >= 1 and <= MaxTensorNameBytes, $"{where} has a {nameBytes}-byte name");
            Require(path, TensorTypes.TryGetValue(type, out var layout), $"{where} has the unknown type {type}");

            long values = 1;
            for (var d = 0; d < dimensions; d++)
            {
                var extent = reader.ReadInt32();
                Require(path, extent > 0, $"{where} has a dimension of {extent}");
                values *= extent;
                Require(path, values <= int.MaxValue, $"{where} is impossibly large");
            }

            var name = System.Text.Encoding.ASCII.GetString(reader.ReadBytes(nameBytes));
            Require(path, name.Length == nameBytes && name.All(c => c is > ' ' and < (char)127), $"{where} has an unreadable name");
            Require(path, values % layout.Values == 0, $"tensor '{name}' has {values} values, not a whole number of {layout.Name} blocks");
            Require(path, names.Add(name), $"tensor '{name}' appears twice");
            Skip(path, stream, values / layout.Values * layout.Bytes, $"tensor '{name}'");
        }

        Require(path, names.Count > 0, "it holds no tensors (an empty test model?)");
        return names;
    }

    private static bool IsShape(int state, int heads, int layers) =>
        state is > 0 and <= 8192 && heads is > 0 and <= 128 && state % heads == 0 && layers is > 0 and <= 128;

    private static void Skip(string path, FileStream stream, long bytes, string? what = null)
    {
        if (stream.Position + bytes > stream.Length)
        {
            throw Invalid(path, $"it ends inside {what ?? "its header"}: {stream.Length} bytes where at least {stream.Position + bytes} are needed (truncated, probably an interrupted download)");
        }

        stream.Seek(bytes, SeekOrigin.Current);
    }

    private static void Require(string path, bool condition, string problem)
    {
        if (!condition)
        {
            throw Invalid(path, problem);
        }
    }

    private static HlsEncoderException Invalid(string path, string problem) =>
        new("ModelInvalid", FailureKind.InvalidData,
            $"{path} is not a usable Whisper ggml model: {problem}. Download it again with Save-WhisperModel (add -Force to replace it), or pass -Model with another file.",
            path);
}
