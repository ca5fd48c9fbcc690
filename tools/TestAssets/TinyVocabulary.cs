namespace HlsEncoder.TestAssets;

/// <summary>
/// Made-up texts for the ordinary (GPT-2) token slots of a multilingual Whisper vocabulary;
/// whisper.cpp appends the special tokens (end of text, languages, timestamps) itself.
/// </summary>
public static class TinyVocabulary
{
    public const int OrdinaryTokenCount = 50257;

    // whisper.cpp looks the blank token up by its text (map::at(" ")) when it suppresses blanks:
    // without it an uncaught std::out_of_range aborts the whole process.
    private const int SpaceToken = 220;

    public static IEnumerable<string> OrdinaryTokens() =>
        Enumerable.Range(0, OrdinaryTokenCount).Select(token => token == SpaceToken ? " " : $" w{token}");
}
