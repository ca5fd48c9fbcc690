using System.Text;

namespace HlsEncoder.Transcription;

/// <summary>The four transcript files, with the names the platform's S3 layout expects, all UTF-8 without a byte order mark.</summary>
internal static class TranscriptFiles
{
    public const string Srt = "transcript.srt";
    public const string Vtt = "transcript.vtt";
    public const string Txt = "transcript.txt";
    public const string Json = "transcript.json";

    public static IReadOnlyList<string> Names { get; } = [Srt, Vtt, Txt, Json];

    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void WriteAll(string folder, TranscriptDocument document)
    {
        WriteText(Path.Combine(folder, Srt), writer => SrtWriter.Write(writer, document));
        WriteText(Path.Combine(folder, Vtt), writer => WebVttWriter.Write(writer, document.Segments));
        WriteText(Path.Combine(folder, Txt), writer => PlainTextWriter.Write(writer, document));
        using var json = Create(Path.Combine(folder, Json));
        TranscriptJsonWriter.Write(json, document);
    }

    public static void WriteText(string path, Action<TextWriter> write)
    {
        using var stream = Create(path);
        using var writer = new StreamWriter(stream, Utf8, bufferSize: 1 << 16);
        write(writer);
    }

    private static FileStream Create(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
}
