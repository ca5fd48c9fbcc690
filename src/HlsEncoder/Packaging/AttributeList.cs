using System.Globalization;

namespace HlsEncoder.Packaging;

/// <summary>
/// An HLS attribute list (RFC 8216 section 4.2): NAME=value pairs separated by commas, where a quoted
/// string may itself hold commas, so splitting the tag on ',' would cut CODECS="avc1,mp4a" in two.
/// Values are kept as written, quoted strings without their quotes; the typed readers throw
/// <see cref="FormatException"/> for a value that is not what the RFC says it must be.
/// </summary>
internal sealed class AttributeList
{
    private readonly Dictionary<string, string> _values;

    private AttributeList(Dictionary<string, string> values) => _values = values;

    /// <exception cref="FormatException">The text is not an attribute list.</exception>
    public static AttributeList Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        while (position < text.Length)
        {
            var equals = text.IndexOf('=', position);
            if (equals < 0)
            {
                throw new FormatException($"'{text[position..]}' in '{text}' is not NAME=value.");
            }

            var name = text[position..equals].Trim();
            if (name.Length == 0 || !name.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-'))
            {
                throw new FormatException($"'{name}' in '{text}' is not an attribute name (A-Z, 0-9 and '-').");
            }

            string value;
            position = equals + 1;
            if (position < text.Length && text[position] == '"')
            {
                var close = text.IndexOf('"', position + 1);
                if (close < 0)
                {
                    throw new FormatException($"The quoted value of {name} in '{text}' is not closed.");
                }

                value = text[(position + 1)..close];
                position = close + 1;
                if (position < text.Length && text[position] != ',')
                {
                    throw new FormatException($"The quoted value of {name} in '{text}' is followed by '{text[position]}' instead of a comma.");
                }
            }
            else
            {
                var comma = text.IndexOf(',', position);
                var end = comma < 0 ? text.Length : comma;
                value = text[position..end].Trim();
                position = end;
            }

            // RFC 8216: an attribute name must not occur twice; the first one is what most players read.
            values.TryAdd(name, value);
            position++;
        }

        return new AttributeList(values);
    }

    /// <summary>The value as written (a quoted string without its quotes), or null when absent.</summary>
    public string? Text(string name) => _values.GetValueOrDefault(name);

    /// <summary>A decimal-integer value, or null when absent.</summary>
    public long? Integer(string name) =>
        Text(name) is not { } value ? null
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
        : throw new FormatException($"{name}={value} is not a whole number.");

    /// <summary>A decimal-floating-point value, or null when absent.</summary>
    public double? Decimal(string name) =>
        Text(name) is not { } value ? null
        : double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) ? number
        : throw new FormatException($"{name}={value} is not a decimal number.");

    /// <summary>A decimal-resolution value (1280x720), or null when absent.</summary>
    public (int Width, int Height)? Resolution(string name)
    {
        if (Text(name) is not { } value)
        {
            return null;
        }

        var x = value.IndexOf('x', StringComparison.Ordinal);
        return x > 0
            && int.TryParse(value.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(value.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var height)
                ? (width, height)
                : throw new FormatException($"{name}={value} is not WIDTHxHEIGHT.");
    }
}
