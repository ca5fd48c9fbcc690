using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using HlsEncoder.Ladder;
using HlsEncoder.Packaging;
using HlsEncoder.TestAssets;
using HlsEncoder.Tests.Ladder;
using HlsEncoder.Tests.Infrastructure;
using HlsEncoder.Transcription;
using HlsEncoder.Validation;

namespace HlsEncoder.Tests.Transcription;

/// <summary>The whole transcription against real ffmpeg and real Whisper.net with the tiny random-weight model.</summary>
public sealed class TranscriberTests : IClassFixture<TranscriptionAssets>, IDisposable
{
    private readonly TranscriptionAssets _assets;
    private readonly string _root = Directory.CreateTempSubdirectory("hlsenc-transcriber-").FullName;
    private readonly RecordingLog _log = new();

    public TranscriberTests(TranscriptionAssets assets) => _assets = assets;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_wav_becomes_four_valid_transcript_files_that_agree_with_each_other()
    {
        var output = Path.Combine(_root, "speech");
        var progress = new Recorder<MediaProgress>();
        using var transcriber = Transcriber();

        var transcript = await transcriber.TranscribeFileAsync(_assets.Speech, output, Request("en"), progress, CancellationToken.None);

        Assert.Equal(("en", "tiny-test", false, _assets.Speech, (string?)null), (transcript.Language, transcript.Model, transcript.Translated, transcript.SourcePath, transcript.SubtitlePlaylistPath));
        Assert.Equal(12, transcript.Duration.TotalSeconds, 2);
        Assert.Equal(
            [".hlsencoder-transcript.json", "transcript.json", "transcript.srt", "transcript.txt", "transcript.vtt"],
            Directory.GetFileSystemEntries(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(output, Path.GetDirectoryName(transcript.SrtPath));

        var srt = StrictSubtitleParser.ParseSrt(File.ReadAllText(transcript.SrtPath));
        var (vtt, _) = StrictSubtitleParser.ParseVtt(File.ReadAllText(transcript.VttPath));
        StrictSubtitleParser.AssertTimeline(srt, transcript.Duration);
        Assert.NotEmpty(srt);
        Assert.Equal(transcript.SegmentCount, srt.Count);
        Assert.Equal(srt.Select(c => (c.Start, c.End)), vtt.Select(c => (c.Start, c.End)));
        Assert.Equal(srt.Count, File.ReadAllLines(transcript.TxtPath).Length);

        using var json = JsonDocument.Parse(File.ReadAllText(transcript.JsonPath));
        var segments = json.RootElement.GetProperty("segments").EnumerateArray().ToArray();
        Assert.Equal(srt.Select(c => c.Start.TotalSeconds), segments.Select(s => s.GetProperty("start").GetDouble()));
        Assert.Equal(srt.Select(c => c.Text), segments.Select(s => s.GetProperty("text").GetString()));
        Assert.All(segments, s => Assert.InRange(s.GetProperty("confidence").GetDouble(), 0, 1));
        Assert.Equal(12, json.RootElement.GetProperty("duration").GetDouble(), 2);
        Assert.Equal(("en", "tiny-test", "speech.wav"), (json.RootElement.GetProperty("language").GetString(), json.RootElement.GetProperty("model").GetString(), json.RootElement.GetProperty("source").GetString()));

        Assert.Equal(100, progress.Items[^1].Percent);
        Assert.Contains(progress.Items, p => p.Percent is > 0 and < 100);
        Assert.Equal(transcript.JsonPath, TranscriptManifest.TryRead(output)!.JsonPath);
    }

    [Fact]
    public async Task Audio_cut_into_chunks_still_gives_one_ordered_timeline_inside_the_audio()
    {
        using var transcriber = Transcriber(chunk: TimeSpan.FromSeconds(4));

        var transcript = await transcriber.TranscribeFileAsync(_assets.Speech, Path.Combine(_root, "chunks"), Request("en"), null, CancellationToken.None);

        Assert.True(_log.Lines.Count(l => l.StartsWith("DEBUG: Transcribing 00:", StringComparison.Ordinal)) >= 3, _log.All);
        var cues = StrictSubtitleParser.ParseSrt(File.ReadAllText(transcript.SrtPath));
        Assert.NotEmpty(cues);
        StrictSubtitleParser.AssertTimeline(cues, transcript.Duration);
    }

    [Fact]
    public async Task A_package_gets_a_webvtt_subtitles_rendition_timed_on_its_own_mpeg_ts_clock()
    {
        var package = await Encode(_assets.SpeechVideo, "lecture");
        using var transcriber = Transcriber();

        var transcribed = await transcriber.TranscribePackageAsync(package, Request("en"), null, CancellationToken.None);

        var transcript = transcribed.Transcript!;
        var folder = package.OutputPath;
        Assert.Equal(Path.Combine(folder, "subtitles", "index.m3u8"), transcript.SubtitlePlaylistPath);
        Assert.Equal(
            [".hlsencoder-package.json", ".hlsencoder-transcript.json", "180p", "master.m3u8", "poster.jpg", "storyboard", "subtitles", "transcript.json", "transcript.srt", "transcript.txt", "transcript.vtt"],
            Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var master = File.ReadAllLines(package.MasterPlaylist);
        Assert.Equal(["#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English\",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,LANGUAGE=\"en\",URI=\"subtitles/index.m3u8\""],
            master.Where(l => l.StartsWith("#EXT-X-MEDIA", StringComparison.Ordinal)));
        var variants = master.Where(l => l.StartsWith("#EXT-X-STREAM-INF:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(package.Renditions.Count, variants.Length);
        Assert.All(variants, v => Assert.EndsWith(",SUBTITLES=\"subs\"", v, StringComparison.Ordinal));

        var video = MediaPlaylist.Read(package.Renditions[0].PlaylistPath);
        var subtitles = MediaPlaylist.Read(transcript.SubtitlePlaylistPath!);
        Assert.True(subtitles.HasEndList);
        Assert.Equal(video.TargetDurationSeconds, subtitles.TargetDurationSeconds);
        Assert.Equal(video.Segments.Select(s => s.Duration), subtitles.Segments.Select(s => s.Duration));

        var firstPts = long.Parse(ExternalTool.Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=start_pts", "-of", "csv=p=0",
            Path.Combine(folder, "180p", "seg_000.ts")).Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(firstPts, 90_000, 200_000);
        var all = StrictSubtitleParser.ParseVtt(File.ReadAllText(transcript.VttPath)).Cues;
        var inSegments = new List<StrictSubtitleParser.Cue>();
        foreach (var segment in subtitles.Segments)
        {
            var (cues, header) = StrictSubtitleParser.ParseVtt(File.ReadAllText(Path.Combine(folder, "subtitles", segment.Uri)));
            Assert.Equal([$"X-TIMESTAMP-MAP=MPEGTS:{firstPts},LOCAL:00:00:00.000"], header);
            inSegments.AddRange(cues);
        }

        Assert.NotEmpty(all);
        Assert.Equal(all, inSegments.Distinct());

        var reread = HlsPackageReader.Read(folder);
        Assert.Equal((transcript.Language, transcript.SegmentCount, transcript.SubtitlePlaylistPath), (reread.Transcript!.Language, reread.Transcript.SegmentCount, reread.Transcript.SubtitlePlaylistPath));
        Assert.Equal(transcript.VttPath, TranscriptManifest.TryRead(folder)!.VttPath);
    }

    [Fact]
    public async Task A_package_whose_source_is_gone_is_transcribed_from_its_own_audio()
    {
        var copy = Path.Combine(_root, "moved.mp4");
        File.Copy(_assets.SpeechVideo, copy);
        var package = await Encode(copy, "moved");
        File.Delete(copy);
        using var transcriber = Transcriber();

        var transcribed = await transcriber.TranscribePackageAsync(package, Request("en"), null, CancellationToken.None);

        Assert.Contains("is gone; transcribing the audio of the 180p rendition", _log.All, StringComparison.Ordinal);
        Assert.Equal(10, transcribed.Transcript!.Duration.TotalSeconds, 0);
        Assert.Equal(package.Renditions[0].PlaylistPath, transcribed.Transcript.SourcePath);
        Assert.NotEmpty(StrictSubtitleParser.ParseSrt(File.ReadAllText(transcribed.Transcript.SrtPath)));
    }

    [Fact]
    public async Task A_file_transcribed_into_its_own_package_folder_adds_the_subtitles_to_the_package()
    {
        var package = await Encode(_assets.SpeechVideo, "same-source");
        using var transcriber = Transcriber();

        var transcript = await transcriber.TranscribeFileAsync(_assets.SpeechVideo, package.OutputPath, Request("fr"), null, CancellationToken.None);

        Assert.Equal(Path.Combine(package.OutputPath, "subtitles", "index.m3u8"), transcript.SubtitlePlaylistPath);
        Assert.Contains("LANGUAGE=\"fr\",URI=\"subtitles/index.m3u8\"", File.ReadAllText(package.MasterPlaylist), StringComparison.Ordinal);
        Assert.Equal("fr", HlsPackageReader.Read(package.OutputPath).Transcript!.Language);
        Assert.Contains("is the HLS package of lecture.mp4", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_track_gives_empty_but_valid_files_in_the_default_language()
    {
        using var transcriber = new Transcriber(new TranscriptionOptions { ModelPath = _assets.Model, TemperatureIncrement = 0f, DefaultLanguage = "fr" }, _log);

        var transcript = await transcriber.TranscribeFileAsync(_assets.SilentVideo, Path.Combine(_root, "silent"), Request("auto"), null, CancellationToken.None);

        Assert.Equal((0, "fr"), (transcript.SegmentCount, transcript.Language));
        Assert.Empty(StrictSubtitleParser.ParseSrt(File.ReadAllText(transcript.SrtPath)));
        Assert.Equal("WEBVTT\n", File.ReadAllText(transcript.VttPath));
        using var json = JsonDocument.Parse(File.ReadAllText(transcript.JsonPath));
        Assert.Equal(0, json.RootElement.GetProperty("segments").GetArrayLength());
        Assert.Contains("silent", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_detects_one_of_the_platform_languages_and_records_it_everywhere()
    {
        using var transcriber = Transcriber();

        var transcript = await transcriber.TranscribeFileAsync(_assets.Speech, Path.Combine(_root, "auto"), Request("auto"), null, CancellationToken.None);

        Assert.Contains(transcript.Language, SupportedLanguage.Codes);
        Assert.Contains($"Detected the language {transcript.Language}", _log.All, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(transcript.JsonPath));
        Assert.Equal(transcript.Language, json.RootElement.GetProperty("language").GetString());
    }

    [Fact]
    public async Task Translate_gives_an_english_transcript()
    {
        using var transcriber = Transcriber();

        var transcript = await transcriber.TranscribeFileAsync(_assets.Speech, Path.Combine(_root, "translated"), new TranscriptionRequest { Language = "es", Translate = true }, null, CancellationToken.None);

        Assert.Equal(("en", true), (transcript.Language, transcript.Translated));
        using var json = JsonDocument.Parse(File.ReadAllText(transcript.JsonPath));
        Assert.True(json.RootElement.GetProperty("translated").GetBoolean());
    }

    [Fact]
    public async Task An_up_to_date_transcript_is_reused_and_other_settings_or_force_replace_it()
    {
        var output = Path.Combine(_root, "reuse");
        using var transcriber = Transcriber();
        var first = await transcriber.TranscribeFileAsync(_assets.Speech, output, Request("en"), null, CancellationToken.None);
        var written = File.GetLastWriteTimeUtc(first.JsonPath);

        var again = await transcriber.TranscribeFileAsync(_assets.Speech, output, Request("en"), null, CancellationToken.None);
        Assert.Equal((first.JsonPath, first.SegmentCount), (again.JsonPath, again.SegmentCount));
        Assert.Equal(written, File.GetLastWriteTimeUtc(first.JsonPath));
        Assert.Contains($"Skipped {_assets.Speech}: {output} already holds its transcript", _log.All, StringComparison.Ordinal);

        await transcriber.TranscribeFileAsync(_assets.Speech, output, Request("en", force: true), null, CancellationToken.None);
        Assert.Contains($"Replacing the transcript in {output} (-Force).", _log.All, StringComparison.Ordinal);

        var german = await transcriber.TranscribeFileAsync(_assets.Speech, output, Request("de"), null, CancellationToken.None);
        Assert.Equal("de", german.Language);
        Assert.Contains("it was made with -Language en", _log.All, StringComparison.Ordinal);
        Assert.Equal("de", TranscriptManifest.TryRead(output)!.Language);

        File.Delete(german.TxtPath);
        Assert.Null(TranscriptManifest.TryRead(output));
    }

    [Fact]
    public async Task Cancelling_stops_whisper_and_ffmpeg_within_a_second_and_leaves_no_transcript_files()
    {
        var output = Path.Combine(_root, "stopped");
        var working = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reports = 0;
        // The first report marks the chunk's start; the next comes from Whisper's own callback as it starts its first window.
        var progress = new Recorder<MediaProgress>(_ =>
        {
            if (Interlocked.Increment(ref reports) == 2)
            {
                working.TrySetResult();
            }
        });
        // Temperature fallback on (the default): the random model then spends seconds in each 30 s window.
        using var transcriber = new Transcriber(new TranscriptionOptions { ModelPath = _assets.Model }, _log);
        using var cancel = new CancellationTokenSource();

        var transcription = transcriber.TranscribeFileAsync(_assets.LongSpeech, output, Request("en"), progress, cancel.Token);
        await working.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var stopwatch = Stopwatch.StartNew();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transcription);
        stopwatch.Stop();

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.DoesNotContain(progress.Items, p => p.Percent > 0);
        Assert.False(Directory.Exists(output), "The folder made for the transcript is gone with it.");
        Assert.DoesNotContain(EncodingClips.RunningFfmpegCommandLines(), c => c.Contains(_assets.LongSpeech, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Per_file_problems_are_errors_with_stable_ids_and_write_nothing()
    {
        using var transcriber = Transcriber();
        var empty = Path.Combine(_root, "empty.wav");
        File.WriteAllText(empty, string.Empty);
        var text = Path.Combine(_root, "notes.wav");
        File.WriteAllText(text, "not audio");
        var package = await Encode(_assets.SpeechVideo, "other-package");

        (string Source, string ErrorId)[] cases =
        [
            (_assets.NoAudioVideo, "NoAudioStream"),
            (Path.Combine(_root, "missing.wav"), "SourceNotFound"),
            (empty, "SourceEmpty"),
            (text, "SourceNotMedia"),
            (_root, "SourceIsDirectory"),
        ];
        foreach (var (source, errorId) in cases)
        {
            var error = await Assert.ThrowsAsync<HlsEncoderException>(() => transcriber.TranscribeFileAsync(source, Path.Combine(_root, "out"), Request("en"), null, CancellationToken.None));
            Assert.Equal(errorId, error.ErrorId);
        }

        Assert.False(Directory.Exists(Path.Combine(_root, "out")));
        var inUse = await Assert.ThrowsAsync<HlsEncoderException>(() => transcriber.TranscribeFileAsync(_assets.Speech, package.OutputPath, Request("en"), null, CancellationToken.None));
        Assert.Equal("OutputFolderIsPackage", inUse.ErrorId);
    }

    [Fact]
    public async Task An_english_only_model_refuses_other_languages_before_decoding()
    {
        var englishOnly = Path.Combine(_root, "ggml-tiny-test.en.bin");
        var bytes = await File.ReadAllBytesAsync(_assets.Model);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), 51864);
        await File.WriteAllBytesAsync(englishOnly, bytes);
        using var transcriber = new Transcriber(new TranscriptionOptions { ModelPath = englishOnly }, _log);

        var error = await Assert.ThrowsAsync<HlsEncoderException>(() => transcriber.TranscribeFileAsync(_assets.Speech, Path.Combine(_root, "en-only"), Request("es"), null, CancellationToken.None));

        Assert.Equal("ModelEnglishOnly", error.ErrorId);
        Assert.False(transcriber.Model.IsMultilingual);
        Assert.Equal("tiny-test.en", transcriber.ModelName);
        Assert.False(Directory.Exists(Path.Combine(_root, "en-only")));
    }

    private async Task<HlsPackage> Encode(string source, string name) =>
        await new HlsLadderEncoder(_log).EncodeAsync(
            new EncodeRequest { SourcePath = source, OutputPath = Path.Combine(_root, name), Qualities = ["240p"], SegmentDuration = TimeSpan.FromSeconds(2) },
            null,
            CancellationToken.None);

    private Transcriber Transcriber(TimeSpan? chunk = null) => new(new TranscriptionOptions
    {
        ModelPath = _assets.Model,
        TemperatureIncrement = 0f,
        ChunkDuration = chunk ?? TimeSpan.FromMinutes(5),
    }, _log);

    private static TranscriptionRequest Request(string language, bool force = false) => new() { Language = language, Force = force };
}
