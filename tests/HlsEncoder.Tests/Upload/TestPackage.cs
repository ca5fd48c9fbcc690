using System.Security.Cryptography;
using HlsEncoder.Packaging;

namespace HlsEncoder.Tests.Upload;

/// <summary>A package folder laid out as Invoke-HlsEncode writes one, with random segment bytes.</summary>
internal static class TestPackage
{
    public static HlsPackage Create(string folder, int segments = 4, int segmentBytes = 8 * 1024, bool transcript = false, params string[] qualities)
    {
        qualities = qualities.Length == 0 ? ["720p", "480p"] : qualities;
        Directory.CreateDirectory(folder);
        var renditions = new List<HlsRendition>();
        foreach (var quality in qualities)
        {
            var rendition = Path.Combine(folder, quality);
            Directory.CreateDirectory(rendition);
            var playlist = new System.Text.StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n");
            for (var i = 0; i < segments; i++)
            {
                File.WriteAllBytes(Path.Combine(rendition, $"seg_{i:000}.ts"), RandomNumberGenerator.GetBytes(segmentBytes));
                playlist.Append(System.Globalization.CultureInfo.InvariantCulture, $"#EXTINF:6.000000,\nseg_{i:000}.ts\n");
            }

            File.WriteAllText(Path.Combine(rendition, "index.m3u8"), playlist.Append("#EXT-X-ENDLIST\n").ToString());
            var height = int.Parse(quality.TrimEnd('p'), System.Globalization.CultureInfo.InvariantCulture);
            renditions.Add(new HlsRendition(quality, height * 16 / 9 / 2 * 2, height, 900_000, 700_000, "avc1.64001f,mp4a.40.2", 30, Path.Combine(rendition, "index.m3u8"), segments, true));
        }

        File.WriteAllText(Path.Combine(folder, HlsPackage.MasterPlaylistName), "#EXTM3U\n" + string.Join('\n', qualities.Select(q => $"#EXT-X-STREAM-INF:BANDWIDTH=900000\n{q}/index.m3u8")) + "\n");
        if (transcript)
        {
            File.WriteAllText(Path.Combine(folder, "transcript.srt"), "1\n00:00:00,000 --> 00:00:02,000\nمرحبا\n");
            File.WriteAllText(Path.Combine(folder, "transcript.vtt"), "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nمرحبا\n");
            File.WriteAllText(Path.Combine(folder, "transcript.txt"), "مرحبا\n");
            File.WriteAllText(Path.Combine(folder, "transcript.json"), "{\"segments\":[]}");
        }

        return new HlsPackage(Path.Combine(folder, "source.mp4"), folder, TimeSpan.FromSeconds(segments * 6), renditions, TimeSpan.FromSeconds(6));
    }
}
