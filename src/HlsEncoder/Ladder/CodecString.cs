using System.Globalization;

namespace HlsEncoder.Ladder;

/// <summary>
/// RFC 6381 codec strings for the CODECS attribute. The H.264 one is read from the stream's own
/// sequence parameter set (profile_idc, constraint flags, level_idc), so it states what was encoded,
/// not what was asked for.
/// </summary>
internal static class CodecString
{
    /// <summary>"avc1.PPCCLL" from the first SPS in Annex B bytes (start code, NAL type 7), or null when there is none.</summary>
    public static string? FromAnnexB(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i + 6 < data.Length; i++)
        {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 && (data[i + 3] & 0x1F) == 7)
            {
                return string.Create(CultureInfo.InvariantCulture, $"avc1.{data[i + 4]:x2}{data[i + 5]:x2}{data[i + 6]:x2}");
            }
        }

        return null;
    }

    /// <summary>The same from ffprobe's profile name and level, for a stream whose SPS could not be read.</summary>
    public static string FromProfile(string? profile, int level)
    {
        var (profileIdc, constraints) = profile switch
        {
            "Constrained Baseline" => (0x42, 0xC0),
            "Baseline" => (0x42, 0x00),
            "Main" => (0x4D, 0x40),
            "High 10" => (0x6E, 0x00),
            "High 4:2:2" => (0x7A, 0x00),
            _ => (0x64, 0x00),
        };
        return string.Create(CultureInfo.InvariantCulture, $"avc1.{profileIdc:x2}{constraints:x2}{level:x2}");
    }

    /// <summary>"mp4a.40.2" for AAC-LC; HE-AAC (v2) signal their own object types.</summary>
    public static string ForAac(string? profile) => profile switch
    {
        "HE-AAC" => "mp4a.40.5",
        "HE-AACv2" => "mp4a.40.29",
        _ => "mp4a.40.2",
    };

    /// <summary>Reads ffprobe's hex dump ("00000000: 0000 0167 6400 1fac  ...gd...") back into bytes.</summary>
    public static byte[] ParseHexDump(string? dump)
    {
        var bytes = new List<byte>();
        foreach (var rawLine in (dump ?? string.Empty).Split('\n'))
        {
            var line = rawLine.Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            // The hex columns end where two spaces open the ASCII column.
            var hex = line[(colon + 1)..].TrimStart();
            var ascii = hex.IndexOf("  ", StringComparison.Ordinal);
            if (ascii >= 0)
            {
                hex = hex[..ascii];
            }

            foreach (var group in hex.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                for (var i = 0; i + 1 < group.Length; i += 2)
                {
                    bytes.Add(byte.Parse(group.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return bytes.ToArray();
    }
}
