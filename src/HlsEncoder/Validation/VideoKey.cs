using System.Globalization;
using System.Text;

namespace HlsEncoder.Validation;

/// <summary>
/// The name of a video's S3 folder: a readable slug of the video's name and a short hash of its content,
/// such as "week-1-introduction-3fa2c19b07". The same video under the same name gets the same key on
/// any machine in any run, so re-uploading it is harmless; two different videos never share one, even
/// under the same name.
/// </summary>
public static class VideoKey
{
    /// <summary>The slug's longest length; the key adds a dash and <see cref="HashLength"/> characters.</summary>
    public const int MaxSlugLength = 60;

    /// <summary>Hex characters of the content hash in the key: 40 bits, so clashes within a course are not a concern.</summary>
    public const int HashLength = 10;

    // Letters that Unicode decomposition does not turn into a base letter and a mark.
    private static readonly Dictionary<char, string> Transliterations = new()
    {
        ['ß'] = "ss", ['ẞ'] = "ss", ['æ'] = "ae", ['Æ'] = "ae", ['œ'] = "oe", ['Œ'] = "oe",
        ['ø'] = "o", ['Ø'] = "o", ['ł'] = "l", ['Ł'] = "l", ['đ'] = "d", ['Đ'] = "d",
        ['ð'] = "d", ['Ð'] = "d", ['þ'] = "th", ['Þ'] = "th", ['ı'] = "i", ['ħ'] = "h", ['Ħ'] = "h",
    };

    /// <summary>The key for a video named <paramref name="name"/> whose content hashes to <paramref name="contentHash"/> (hex).</summary>
    public static string For(string name, string contentHash)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrEmpty(contentHash);
        if (contentHash.Length < HashLength || !contentHash.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{contentHash}' is not a hex content hash of at least {HashLength} characters.", nameof(contentHash));
        }

        var hash = contentHash[..HashLength].ToLowerInvariant();
        var slug = Slug(name);
        return slug.Length == 0 ? hash : $"{slug}-{hash}";
    }

    /// <summary>
    /// Lower-case ASCII letters, digits and single dashes, at most <see cref="MaxSlugLength"/> characters,
    /// cut at a word where it can be; accents are transliterated ("Café Ørsted" → "cafe-orsted"), and a
    /// name in a script without Latin letters gives an empty slug.
    /// </summary>
    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var text = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            var piece = Transliterations.TryGetValue(c, out var latin) ? latin : c.ToString();
            foreach (var p in piece)
            {
                text.Append(char.IsAsciiLetterOrDigit(p) ? char.ToLowerInvariant(p) : '-');
            }
        }

        var slug = string.Join('-', text.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        if (slug.Length <= MaxSlugLength)
        {
            return slug;
        }

        var cut = slug[..MaxSlugLength];
        var lastDash = cut.LastIndexOf('-');
        // Cut at the last whole word unless that throws most of it away.
        return (lastDash >= MaxSlugLength / 2 ? cut[..lastDash] : cut).TrimEnd('-');
    }
}
