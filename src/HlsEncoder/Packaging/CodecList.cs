namespace HlsEncoder.Packaging;

/// <summary>Reads an RFC 6381 CODECS list ("avc1.64001f,mp4a.40.2") apart into its video and its audio codecs.</summary>
internal static class CodecList
{
    private static readonly string[] AudioCodecs = ["mp4a", "ac-3", "ec-3", "opus", "flac"];

    public static bool NamesAudio(string codecs) => Split(codecs).Any(IsAudio);

    /// <summary>The list without its audio codecs, as an I-frame stream's CODECS (it plays without sound).</summary>
    public static string VideoOnly(string codecs) => string.Join(',', Split(codecs).Where(codec => !IsAudio(codec)));

    private static bool IsAudio(string codec) => AudioCodecs.Any(audio => codec.StartsWith(audio, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<string> Split(string codecs) =>
        (codecs ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
