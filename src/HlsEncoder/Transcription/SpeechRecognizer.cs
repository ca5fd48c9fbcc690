using Whisper.net;
using HlsEncoder.Validation;

namespace HlsEncoder.Transcription;

/// <summary>
/// Runs Whisper.net over a stream of 16 kHz PCM, one chunk at a time, and moves every segment onto the
/// media's timeline. One processor serves every chunk; it is always disposed with DisposeAsync (a plain
/// Dispose after a cancellation throws, and unhandled that ends the process).
/// </summary>
internal sealed class SpeechRecognizer(WhisperFactory factory, IOperationLog log)
{
    public const string AutoLanguage = "auto";

    /// <summary>Whisper listens in 30 s windows; language detection reads one.</summary>
    private static readonly int DetectionWindowSamples = 30 * AudioDecoder.SampleRate;

    private static readonly string[] CandidateLanguages = SupportedLanguage.Codes.ToArray();

    /// <param name="onProcessed">Told how far into the audio Whisper is; called from Whisper's native thread too.</param>
    public async Task<RecognitionResult> RecognizeAsync(Stream pcm, RecognitionOptions options, Action<TimeSpan> onProcessed, CancellationToken cancellationToken)
    {
        var position = new ChunkPosition(onProcessed);
        var detect = options.Language == AutoLanguage && !options.Translate;
        var builder = factory.CreateBuilder()
            // With -Translate and auto, Whisper itself detects the spoken language among all it knows.
            .WithLanguage(detect ? options.FallbackLanguage : options.Language)
            .WithProgressHandler(position.OnWhisperProgress)
            // Per-token times: captions are cut between words, not where Whisper's segments happen to end.
            .WithTokenTimestamps();
        if (options.Translate)
        {
            builder = builder.WithTranslate();
        }

        if (options.Threads is { } threads)
        {
            builder = builder.WithThreads(threads);
        }

        if (options.TemperatureIncrement is { } increment)
        {
            builder = builder.WithTemperatureInc(increment);
        }

        if (!string.IsNullOrWhiteSpace(options.Prompt))
        {
            // A vocabulary, not the start of the text: it is put before every 30 s window (whisper.cpp's
            // --carry-initial-prompt, faster-whisper's hotwords), not only before the first.
            builder = builder.WithPrompt(options.Prompt.Trim()).WithCarryInitialPrompt(true);
        }

        await using var processor = builder.Build();
        string? language = detect ? null : options.Translate ? "en" : options.Language;
        var words = new List<TimedWord>();
        var segmentCount = 0;
        var skipped = 0L;
        var heard = 0L;
        var firstSpan = 0;
        var chunker = new PcmChunker(pcm, options.ChunkDuration, options.CutSearch);
        float[]? joined = null;
        while (await chunker.NextAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
        {
            position.Begin(chunk);
            var timeline = Timeline(chunk, options.SkipSilence);
            skipped += chunk.Samples.Length - timeline.Length;
            if (timeline.Length == 0)
            {
                log.Debug($"Skipped {Describe(chunk)}: silent.");
                continue;
            }

            if (language is null)
            {
                language = DetectLanguage(processor, chunk);
                processor.ChangeLanguage(language);
            }

            var audio = chunk.Samples;
            if (timeline.Length < chunk.Samples.Length)
            {
                LogSkipped(chunk, timeline);
                if (joined is null || joined.Length < timeline.Length)
                {
                    joined = new float[chunk.Samples.Length];
                }

                timeline.Join(chunk.Samples.Span, joined);
                audio = joined.AsMemory(0, timeline.Length);
            }

            log.Debug($"Transcribing {Describe(chunk)}.");
            heard += audio.Length;
            await foreach (var segment in processor.ProcessAsync(audio, cancellationToken).ConfigureAwait(false))
            {
                segmentCount++;
                foreach (var word in WordAligner.Words(Recognized(segment)))
                {
                    words.Add(timeline.Place(word, chunk.StartSample, firstSpan));
                }
            }

            firstSpan += timeline.Regions.Count;
            NativeHeap.Trim();
        }

        var duration = Seconds(chunker.SamplesRead);
        position.Report(duration);
        return new RecognitionResult(words, segmentCount, language ?? options.FallbackLanguage, duration, Seconds(skipped), Seconds(heard));
    }

    private string DetectLanguage(WhisperProcessor processor, PcmChunk chunk)
    {
        var samples = chunk.Samples.Span;
        var start = PcmLevels.LoudestWindow(samples, DetectionWindowSamples);
        var window = samples.Slice(start, Math.Min(DetectionWindowSamples, samples.Length - start));
        var (language, probability) = processor.DetectLanguageWithProbability(window, CandidateLanguages);
        var code = SupportedLanguage.Find(language)?.Code
            ?? throw new HlsEncoderException("LanguageDetectionFailed", FailureKind.OperationFailed,
                "Whisper could not tell which language is spoken. Give it with -Language (en, es, fr, de, ar or hi).");
        log.Verbose($"Detected the language {code} ({SupportedLanguage.Find(code)!.EnglishName}, probability {probability:0.00}) from the 30 s starting at {(chunk.Start + Seconds(start)):hh\\:mm\\:ss}.");
        return code;
    }

    /// <summary>Whisper's segment as the engine's own record: token times in whisper.cpp are hundredths of a second.</summary>
    private static RecognizedSegment Recognized(SegmentData segment) => new(
        segment.Start,
        segment.End,
        segment.Text,
        segment.Probability,
        (segment.Tokens ?? []).Where(t => t is not null).Select(t => new RecognizedToken(
            t.Text ?? string.Empty,
            t.Start < 0 ? TimeSpan.MinValue : TimeSpan.FromMilliseconds(t.Start * 10),
            t.End < 0 ? TimeSpan.MinValue : TimeSpan.FromMilliseconds(t.End * 10),
            t.Probability)).ToArray());

    /// <summary>What Whisper hears of a chunk: nothing of a silent one, else all of it or its sound between silences.</summary>
    private static SpeechTimeline Timeline(PcmChunk chunk, bool skipSilence)
    {
        var samples = chunk.Samples.Span;
        return new SpeechTimeline(
            PcmLevels.IsSilent(samples) ? []
            : skipSilence ? SpeechRegions.Find(samples)
            : [new SampleRange(0, samples.Length)]);
    }

    private void LogSkipped(PcmChunk chunk, SpeechTimeline timeline)
    {
        var from = 0;
        foreach (var region in timeline.Regions.Append(new SampleRange(chunk.Samples.Length, chunk.Samples.Length)))
        {
            if (region.Start > from)
            {
                log.Debug($@"Skipped {chunk.Start + Seconds(from):hh\:mm\:ss\.f} to {chunk.Start + Seconds(region.Start):hh\:mm\:ss\.f}: silence.");
            }

            from = region.End;
        }
    }

    private static string Describe(PcmChunk chunk) =>
        $@"{chunk.Start:hh\:mm\:ss\.f} to {(chunk.Start + chunk.Duration):hh\:mm\:ss\.f}";

    private static TimeSpan Seconds(long samples) => TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / AudioDecoder.SampleRate);

    /// <summary>Turns Whisper's per-call percentage (which can exceed 100) into a position on the whole recording.</summary>
    private sealed class ChunkPosition(Action<TimeSpan> report)
    {
        private long _startTicks;
        private long _durationTicks;

        public void Begin(PcmChunk chunk)
        {
            Interlocked.Exchange(ref _durationTicks, chunk.Duration.Ticks);
            Interlocked.Exchange(ref _startTicks, chunk.Start.Ticks);
            Report(chunk.Start);
        }

        public void OnWhisperProgress(int percent)
        {
            try
            {
                var done = Interlocked.Read(ref _durationTicks) * Math.Clamp(percent, 0, 100) / 100;
                Report(TimeSpan.FromTicks(Interlocked.Read(ref _startTicks) + done));
            }
            catch (Exception)
            {
                // This runs on Whisper's native thread: an exception escaping here would end the process.
            }
        }

        public void Report(TimeSpan position) => report(position);
    }
}
