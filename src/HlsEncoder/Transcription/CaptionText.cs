namespace HlsEncoder.Transcription;

/// <summary>The little the caption layout needs to know about text: where sentences and clauses end, and what is not speech.</summary>
internal static class CaptionText
{
    // Latin, Arabic (؟ ۔) and Devanagari (। ॥) sentence ends; the Arabic comma and semicolon, dashes.
    private const string SentenceEnds = ".!?…؟۔।॥";
    private const string ClauseEnds = ",;:،؛—–";

    // Quotes and brackets that may follow the punctuation that ends a sentence: "Really?" or (see above).
    private const string Closers = "\"'»”’)]}";

    // whisper.cpp's marker for a window it heard nothing in: not speech, so never a caption.
    private static readonly string[] NonSpeechMarkers = ["[BLANK_AUDIO]"];

    public static bool EndsSentence(string word) => LastMark(word) is { } c && SentenceEnds.Contains(c, StringComparison.Ordinal);

    public static bool EndsClause(string word) => LastMark(word) is { } c && ClauseEnds.Contains(c, StringComparison.Ordinal);

    public static bool IsNonSpeech(string text) => NonSpeechMarkers.Contains(text.Trim(), StringComparer.OrdinalIgnoreCase);

    private static char? LastMark(string word)
    {
        var end = word.Length;
        while (end > 0 && Closers.Contains(word[end - 1], StringComparison.Ordinal))
        {
            end--;
        }

        return end > 0 ? word[end - 1] : null;
    }
}
