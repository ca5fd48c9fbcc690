using System.Text.Encodings.Web;
using System.Text.Json;

namespace HlsEncoder.Transcription;

/// <summary>
/// transcript.json: the transcript for programs. Times are seconds (to the millisecond) on the media's
/// timeline, confidence the mean probability of the cue's words (0 to 1). Each segment (a cue) has its
/// text on one line, its screen lines, and its words with the times Whisper heard them (the names OpenAI's
/// whisper uses: word, start, end, probability), for the platform's search. Fields are only ever added,
/// so version stays 1. Text is written as UTF-8 characters, not \u escapes, so Arabic or Hindi stays readable.
/// </summary>
internal static class TranscriptJsonWriter
{
    public const int FormatVersion = 1;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // The file is data served as application/json, never pasted into HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(Stream stream, TranscriptDocument document)
    {
        using var json = new Utf8JsonWriter(stream, Options);
        json.WriteStartObject();
        json.WriteNumber("version", FormatVersion);
        json.WriteString("language", document.Language);
        json.WriteBoolean("translated", document.Translated);
        json.WriteString("model", document.Model);
        json.WriteNumber("duration", Seconds(document.Duration));
        json.WriteString("source", document.SourceName);
        json.WriteString("createdBy", ProductInfo.UserAgent);
        json.WriteNumber("segmentCount", document.Segments.Count);
        json.WriteStartArray("segments");
        var id = 0;
        foreach (var segment in document.Segments)
        {
            json.WriteStartObject();
            json.WriteNumber("id", ++id);
            json.WriteNumber("start", Seconds(segment.Start));
            json.WriteNumber("end", Seconds(segment.End));
            json.WriteString("text", segment.Text);
            json.WriteNumber("confidence", Math.Round(segment.Confidence, 3));
            json.WriteStartArray("lines");
            foreach (var line in segment.Lines)
            {
                json.WriteStringValue(line);
            }

            json.WriteEndArray();
            json.WriteStartArray("words");
            foreach (var word in segment.Words)
            {
                json.WriteStartObject();
                json.WriteString("word", word.Text);
                json.WriteNumber("start", Seconds(word.Start));
                json.WriteNumber("end", Seconds(word.End));
                json.WriteNumber("probability", Math.Round(word.Probability, 3));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static double Seconds(TimeSpan time) => Math.Round(time.TotalSeconds, 3);
}
