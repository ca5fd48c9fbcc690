using System.Text.RegularExpressions;

namespace HlsEncoder.Transcription;

/// <summary>
/// The official ggml Whisper models (huggingface.co/ggerganov/whisper.cpp) with the SHA-1 sums that
/// whisper.cpp publishes in models/README.md, so a download is verified against a value that did not
/// come with it. Other files of the same repository (for example the q5_1 and q8_0 quantizations) can be
/// downloaded by name when their checksum is given.
/// </summary>
public static partial class WhisperModelCatalog
{
    public const string DefaultBaseUrl = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main";

    /// <summary>The model used when none is named: multilingual and 142 MiB, a balance of accuracy and speed on a CPU.</summary>
    public const string DefaultModelName = "base";

    public static IReadOnlyList<WhisperModelEntry> Known { get; } =
    [
        new("tiny", "bd577a113a864445d4c299885e0cb97d4ba92b5f", 75),
        new("tiny.en", "c78c86eb1a8faa21b369bcd33207cc90d64ae9df", 75),
        new("base", "465707469ff3a37a2b9b8d8f89f2f99de7299dac", 142),
        new("base.en", "137c40403d78fd54d454da0f9bd998f78703390c", 142),
        new("small", "55356645c2b361a969dfd0ef2c5a50d530afd8d5", 466),
        new("small.en", "db8a495a91d927739e50b3fc1cc4c6b8f6c2d022", 466),
        new("small.en-tdrz", "b6c6e7e89af1a35c08e6de56b66ca6a02a2fdfa1", 465, "https://huggingface.co/akashmjn/tinydiarize-whisper.cpp/resolve/main"),
        new("medium", "fd9727b6e1217c2f614f9b698455c4ffd82463b4", 1536),
        new("medium.en", "8c30f0e44ce9560643ebd10bbe50cd20eafd3723", 1536),
        new("large-v1", "b1caaf735c4cc1429223d5a74f0f4d0b9b59a299", 2970),
        new("large-v2", "0f4c8e34f21cf1a914c59d8b3ce882345ad349d6", 2970),
        new("large-v2-q5_0", "00e39f2196344e901b3a2bd5814807a769bd1630", 1126),
        new("large-v3", "ad82bf6a9043ceed055076d0fd39f5f186ff8062", 2970),
        new("large-v3-q5_0", "e6e2ed78495d403bef4b7cff42ef4aaadcfea8de", 1126),
        new("large-v3-turbo", "4af2b29d7ec73d781377bfd1758ca957a807e941", 1536),
        new("large-v3-turbo-q5_0", "e050f7970618a659205450ad97eb95a18d69c9ee", 547),
    ];

    public static IReadOnlyList<string> Names { get; } = Known.Select(m => m.Name).ToArray();

    public const string NameRule = "a model name is letters, digits, '.', '-' and '_', such as base, small.en or large-v3-turbo";

    public static WhisperModelEntry? Find(string? name) =>
        Known.FirstOrDefault(m => string.Equals(m.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Returns the problem with <paramref name="name"/> as a model name, or null.</summary>
    public static string? CheckName(string? name) =>
        name is not null && ModelName().IsMatch(name.Trim())
            ? null
            : $"'{name}' is not a model name: {NameRule}. Known names: {string.Join(", ", Names)}.";

    /// <summary>The file a model name is kept in: ggml-{name}.bin.</summary>
    public static string FileName(string name) => $"ggml-{Normalize(name)}.bin";

    /// <summary>The model's name from its file name (ggml-small.en.bin is "small.en"), else the file name itself.</summary>
    public static string NameFromFile(string path)
    {
        var file = Path.GetFileName(path);
        var match = ModelFile().Match(file);
        return match.Success ? match.Groups[1].Value : file;
    }

    public static string Normalize(string name)
    {
        if (CheckName(name) is { } problem)
        {
            throw new HlsEncoderException("InvalidModelName", FailureKind.InvalidArgument, problem, name);
        }

        return Find(name)?.Name ?? name.Trim();
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ModelName();

    [GeneratedRegex(@"^ggml-([A-Za-z0-9][A-Za-z0-9._-]*)\.bin$")]
    private static partial Regex ModelFile();
}

/// <summary>A model the catalog knows: its name, published SHA-1, approximate size, and the repository it comes from.</summary>
public sealed record WhisperModelEntry(string Name, string Sha1, int ApproximateMiB, string BaseUrl = WhisperModelCatalog.DefaultBaseUrl);
