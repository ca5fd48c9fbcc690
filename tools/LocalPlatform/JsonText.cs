using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LocalPlatform;

public static class JsonText
{
    // Bodies are served as application/json, never embedded in HTML, so keys like "seg 1+ü.ts" stay readable.
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
