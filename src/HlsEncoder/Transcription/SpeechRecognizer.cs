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
            .WithProgressHandler(position.OnWhisperProgress);
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

        await using var processor = builder.Build();
        string? language = detect ? null : options.Translate ? "en" : options.Language;
        var segments = new List<RecognizedSegment>();
        var chunker = new PcmChunker(pcm, options.ChunkDuration, options.CutSearch);
        while (await chunker.NextAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
        {
            position.Begin(chunk);
            if (PcmLevels.IsSilent(chunk.Samples.Span))
            {
                log.Debug($"Skipped {Describe(chunk)}: silent.");
                continue;
            }

            if (language is null)
            {
                language = DetectLanguage(processor, chunk);
                processor.ChangeLanguage(language);
            }

            log.Debug($"Transcribing {Describe(chunk)}.");
            await foreach (var segment in processor.ProcessAsync(chunk.Samples, cancellationToken).ConfigureAwait(false))
            {
                segments.Add(OnTimeline(segment, chunk));
            }

            NativeHeap.Trim();
        }

        var duration = TimeSpan.FromTicks(chunker.SamplesRead * TimeSpan.TicksPerSecond / AudioDecoder.SampleRate);
        position.Report(duration);
        return new RecognitionResult(segments, language ?? options.FallbackLanguage, duration);
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

    private static RecognizedSegment OnTimeline(SegmentData segment, PcmChunk chunk)
    {
        // whisper.cpp may end a segment anywhere in its 30 s window, past the audio it was given.
        var start = chunk.Start + Min(segment.Start, chunk.Duration);
        var end = chunk.Start + Min(segment.End, chunk.Duration);
        var words = (segment.Tokens ?? []).Where(t => t is not null && !IsSpecial(t.Text)).ToArray();
        var confidence = words.Length > 0 ? words.Average(t => (double)t.Probability) : segment.Probability;
        return new RecognizedSegment(start, end, segment.Text, confidence, words.Length);
    }

    /// <summary>whisper.cpp's own tokens ([_BEG_], [_TT_150], [_EOT_]) carry timing, not words.</summary>
    private static bool IsSpecial(string? text) =>
        text is null || (text.StartsWith("[_", StringComparison.Ordinal) && text.EndsWith(']'));

    private static string Describe(PcmChunk chunk) =>
        $@"{chunk.Start:hh\:mm\:ss\.f} to {(chunk.Start + chunk.Duration):hh\:mm\:ss\.f}";

    private static TimeSpan Seconds(int samples) => TimeSpan.FromTicks((long)samples * TimeSpan.TicksPerSecond / AudioDecoder.SampleRate);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

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
