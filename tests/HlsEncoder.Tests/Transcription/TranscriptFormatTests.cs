using System.Text;
using System.Text.Json;
using HlsEncoder.Transcription;

namespace HlsEncoder.Tests.Transcription;

/// <summary>The four transcript files, byte for byte where the format is fixed.</summary>
public sealed class TranscriptFormatTests : IDisposable
{
    private const string Arabic = "مرحبا بكم في المحاضرة الأولى";
    private const string Hindi = "नमस्ते, आज हम वीडियो के बारे में सीखेंगे";

    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-formats-").FullName;

    private static TranscriptDocument Document { get; } = new(
        [
            new(TimeSpan.FromMilliseconds(360), TimeSpan.FromMilliseconds(2500), "Welcome to <HLS> & --> streaming", 0.91234),
            new(TimeSpan.FromMilliseconds(2500), TimeSpan.FromSeconds(5), Arabic, 0.5),
            new(new TimeSpan(0, 1, 2, 3, 456), new TimeSpan(0, 1, 2, 7, 0), Hindi, 0),
        ],
        "ar",
        "base",
        new TimeSpan(0, 1, 2, 8, 0),
        false,
        "lecture 1.mp4");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(0, "00:00:00,000", "00:00:00.000")]
    [InlineData(1, "00:00:00,001", "00:00:00.001")]
    [InlineData(59_999.6, "00:01:00,000", "00:01:00.000")]
    [InlineData(3_723_456, "01:02:03,456", "01:02:03.456")]
    [InlineData(360_000_000, "100:00:00,000", "100:00:00.000")]
    public void Cue_times_always_have_hours_minutes_seconds_and_milliseconds(double milliseconds, string srt, string vtt)
    {
        Assert.Equal(srt, CueTime.Srt(TimeSpan.FromMilliseconds(milliseconds)));
        Assert.Equal(vtt, CueTime.Vtt(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void Srt_is_numbered_from_one_with_comma_milliseconds_and_a_blank_line_after_each_cue()
    {
        var text = Write(TranscriptFiles.Srt);

        Assert.Equal(
            "1\n00:00:00,360 --> 00:00:02,500\nWelcome to <HLS> & -> streaming\n\n" +
            $"2\n00:00:02,500 --> 00:00:05,000\n{Arabic}\n\n" +
            $"3\n01:02:03,456 --> 01:02:07,000\n{Hindi}\n\n",
            text);
        Assert.Equal(3, StrictSubtitleParser.ParseSrt(text).Count);
    }

    [Fact]
    public void WebVtt_has_its_header_and_escapes_markup_in_cue_text()
    {
        var text = Write(TranscriptFiles.Vtt);

        Assert.Equal(
            "WEBVTT\n\n00:00:00.360 --> 00:00:02.500\nWelcome to &lt;HLS&gt; &amp; --&gt; streaming\n\n" +
            $"00:00:02.500 --> 00:00:05.000\n{Arabic}\n\n" +
            $"01:02:03.456 --> 01:02:07.000\n{Hindi}\n",
            text);
        var (cues, header) = StrictSubtitleParser.ParseVtt(text);
        Assert.Equal(3, cues.Count);
        Assert.Empty(header);
    }

    [Fact]
    public void Text_has_one_line_per_cue()
    {
        Assert.Equal($"Welcome to <HLS> & --> streaming\n{Arabic}\n{Hindi}\n", Write(TranscriptFiles.Txt));
    }

    [Fact]
    public void Json_holds_the_segments_with_times_in_seconds_and_keeps_scripts_readable()
    {
        var text = Write(TranscriptFiles.Json);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;

        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal("ar", root.GetProperty("language").GetString());
        Assert.Equal("base", root.GetProperty("model").GetString());
        Assert.False(root.GetProperty("translated").GetBoolean());
        Assert.Equal(3728.0, root.GetProperty("duration").GetDouble());
        Assert.Equal("lecture 1.mp4", root.GetProperty("source").GetString());
        Assert.Equal(3, root.GetProperty("segmentCount").GetInt32());
        var segments = root.GetProperty("segments").EnumerateArray().ToArray();
        Assert.Equal([1, 2, 3], segments.Select(s => s.GetProperty("id").GetInt32()));
        Assert.Equal([0.36, 2.5, 3723.456], segments.Select(s => s.GetProperty("start").GetDouble()));
        Assert.Equal([2.5, 5.0, 3727.0], segments.Select(s => s.GetProperty("end").GetDouble()));
        Assert.Equal(["Welcome to <HLS> & --> streaming", Arabic, Hindi], segments.Select(s => s.GetProperty("text").GetString()));
        Assert.Equal([0.912, 0.5, 0.0], segments.Select(s => s.GetProperty("confidence").GetDouble()));
        Assert.Contains(Arabic, text, StringComparison.Ordinal);
        Assert.Contains(Hindi, text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
    }

    [Fact]
    public void All_four_files_are_utf8_without_a_byte_order_mark()
    {
        TranscriptFiles.WriteAll(_folder, Document);

        foreach (var name in TranscriptFiles.Names)
        {
            var bytes = File.ReadAllBytes(Path.Combine(_folder, name));
            Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), name);
            Assert.Contains(Arabic, new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_empty_transcript_is_still_valid_in_every_format()
    {
        var empty = Document with { Segments = [] };
        TranscriptFiles.WriteAll(_folder, empty);

        Assert.Empty(StrictSubtitleParser.ParseSrt(File.ReadAllText(Path.Combine(_folder, TranscriptFiles.Srt))));
        Assert.Equal("WEBVTT\n", File.ReadAllText(Path.Combine(_folder, TranscriptFiles.Vtt)));
        Assert.Empty(StrictSubtitleParser.ParseVtt(File.ReadAllText(Path.Combine(_folder, TranscriptFiles.Vtt))).Cues);
        Assert.Equal(string.Empty, File.ReadAllText(Path.Combine(_folder, TranscriptFiles.Txt)));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, TranscriptFiles.Json)));
        Assert.Equal(0, json.RootElement.GetProperty("segments").GetArrayLength());
    }

    private string Write(string name)
    {
        TranscriptFiles.WriteAll(_folder, Document);
        return File.ReadAllText(Path.Combine(_folder, name), new UTF8Encoding(false));
    }
}
