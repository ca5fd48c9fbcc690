using Whisper.net;
using HlsEncoder.ExternalTools;
using HlsEncoder.Packaging;
using HlsEncoder.Validation;

namespace HlsEncoder.Transcription;

/// <summary>
/// Transcribes recordings with Whisper, in process: ffmpeg decodes the audio into a pipe, Whisper.net
/// reads it a chunk at a time, and the cleaned cues become transcript.srt/.vtt/.txt/.json. Given an HLS
/// package, the transcript is also added to it as a WebVTT subtitles rendition in master.m3u8. The model
/// is checked when the transcriber is created and loaded once, on first use, for every file after.
/// </summary>
public sealed class Transcriber : IDisposable
{
    private readonly TranscriptionOptions _options;
    private readonly IOperationLog _log;
    private readonly TimeProvider _time;
    private readonly SourceFingerprint _modelFingerprint;
    private WhisperFactory? _factory;

    /// <exception cref="HlsEncoderException">ModelNotFound or ModelInvalid: the model file cannot be used.</exception>
    public Transcriber(TranscriptionOptions options, IOperationLog? log = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _log = log ?? NullOperationLog.Instance;
        _time = timeProvider ?? TimeProvider.System;
        Model = GgmlModelValidator.Validate(options.ModelPath);
        ModelName = options.ModelName ?? WhisperModelCatalog.NameFromFile(Model.Path);
        _modelFingerprint = SourceFingerprint.Of(new FileInfo(Model.Path));
    }

    /// <summary>The model file's header facts.</summary>
    public GgmlModelInfo Model { get; }

    public string ModelName { get; }

    /// <summary>
    /// Transcribes the package's source (or, when the source is gone, its own audio) into the package
    /// folder, adds the subtitles rendition to master.m3u8, and returns the package with its transcript.
    /// The package is taken as given (the encoder's or the reader's description of it), not read again.
    /// </summary>
    public async Task<HlsPackage> TranscribePackageAsync(HlsPackage package, TranscriptionRequest request, IProgress<MediaProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        Check(request);
        cancellationToken.ThrowIfCancellationRequested();
        using var packageLock = PackageLock.Hold(package.OutputPath, $"transcribing {Path.GetFileName(package.SourcePath)}", "PackageInProgress", _log, _time);
        if (package.SourcePath.Length == 0)
        {
            throw new HlsEncoderException("NotAnHlsEncoderPackage", FailureKind.InvalidArgument,
                $"{package.OutputPath} was made by another tool, so HlsEncoder does not rewrite its master playlist. To add the transcript files beside it, run Invoke-Transcription -Path <the video> -OutputPath '{package.OutputPath}'.",
                package.OutputPath);
        }

        // The package as the encoder (or the reader) just described it: it is not read from disk again.
        if (!File.Exists(package.MasterPlaylist))
        {
            throw new HlsEncoderException("NotAnHlsPackage", FailureKind.InvalidData,
                $"{package.OutputPath} is not a complete HLS package: {HlsPackage.MasterPlaylistName} is missing. Encode the video again with Invoke-HlsEncode.", package.OutputPath);
        }

        var input = PackageAudio(package);
        var transcript = await TranscribeAsync(input, package.OutputPath, package, packageLock, request, progress, cancellationToken).ConfigureAwait(false);
        return package.WithTranscript(transcript);
    }

    /// <summary>
    /// Transcribes an audio or video file into <paramref name="outputFolder"/>. When that folder holds the
    /// HLS package made from this very file, the transcript is added to the package as well.
    /// </summary>
    public async Task<Transcript> TranscribeFileAsync(string sourcePath, string outputFolder, TranscriptionRequest request, IProgress<MediaProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentException.ThrowIfNullOrEmpty(outputFolder);
        Check(request);
        cancellationToken.ThrowIfCancellationRequested();
        var source = SourceFile.Require(Path.GetFullPath(sourcePath));
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputFolder));
        using var folderLock = PackageLock.Hold(folder, $"transcribing {source.Name}", "PackageInProgress", _log, _time);
        HlsPackage? package = null;
        if (PackageFolder.Inspect(folder) == OutputState.Package)
        {
            package = HlsPackageReader.Read(folder);
            if (!HostPlatform.Current.PathEquals(package.SourcePath, source.FullName))
            {
                throw new HlsEncoderException("OutputFolderIsPackage", FailureKind.ResourceExists,
                    $"{folder} holds the HLS package of {package.SourcePath}, not of {source.FullName}. Choose another -OutputPath.", folder);
            }

            _log.Verbose($"{folder} is the HLS package of {source.Name}: the transcript is added to it as subtitles.");
        }

        return await TranscribeAsync(new AudioInput(source.FullName, SourceFingerprint.Of(source)), folder, package, folderLock, request, progress, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _factory?.Dispose();
        _factory = null;
    }

    /// <exception cref="HlsEncoderException">InvalidPrompt: before any work.</exception>
    private static void Check(TranscriptionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TranscriptionRequest.CheckPrompt(request.Prompt) is { } problem)
        {
            throw new HlsEncoderException("InvalidPrompt", FailureKind.InvalidArgument, problem);
        }
    }

    private AudioInput PackageAudio(HlsPackage package)
    {
        if (!package.HasAudio)
        {
            throw new HlsEncoderException("NoAudioStream", FailureKind.InvalidData,
                $"The package {package.OutputPath} has no audio (its source {package.SourcePath} had none), so there is nothing to transcribe.", package.OutputPath);
        }

        if (File.Exists(package.SourcePath))
        {
            return new AudioInput(package.SourcePath, SourceFingerprint.Of(new FileInfo(package.SourcePath)));
        }

        // The package carries the same audio (AAC): transcribe that when the source was moved or deleted.
        var rendition = package.Renditions[^1];
        _log.Verbose($"The source {package.SourcePath} is gone; transcribing the audio of the {rendition.Name} rendition instead.");
        return new AudioInput(rendition.PlaylistPath, SourceFingerprint.Of(new FileInfo(rendition.PlaylistPath)));
    }

    private async Task<Transcript> TranscribeAsync(
        AudioInput input, string folder, HlsPackage? package, PackageLock folderLock, TranscriptionRequest request, IProgress<MediaProgress>? progress, CancellationToken cancellationToken)
    {
        var language = LanguageFor(request);
        var prompt = request.Prompt is null ? null : CaptionSegmenter.NormalizeText(request.Prompt);
        var settings = new TranscriptSettings(input.Fingerprint, _modelFingerprint, language, request.Translate, prompt, request.SkipSilence, CaptionRules.Id);
        if (ExistingTranscript(folder, package, settings, request.Force) is { } existing)
        {
            _log.Event("phase.end", ("phase", "transcribe"), ("source", input.Path), ("folder", folder), ("skipped", true));
            return existing;
        }

        var started = _time.GetTimestamp();
        _log.Event("phase.start", ("phase", "transcribe"), ("source", input.Path), ("folder", folder), ("language", language), ("model", ModelName));

        var tools = FfmpegLocator.Locate(_options.FfmpegPath);
        var source = await AudioSource.ProbeAsync(tools, input.Path, cancellationToken).ConfigureAwait(false);
        _log.Verbose($"Transcribing {input.Path} ({source.Description}) with the Whisper model {ModelName} ({Model.Kind}, {Model.WeightType}), language {language}{(request.Translate ? ", translated into English" : string.Empty)}.");

        using var staging = WriteFailure(folder, () => TranscriptFolder.Create(folder, _log));
        var result = await RecognizeAsync(tools, source, settings, folderLock, progress, cancellationToken).ConfigureAwait(false);
        var cues = CaptionSegmenter.Build(result.Words, result.AudioDuration);
        _log.Verbose($"Whisper returned {Count(result.SegmentCount, "segment")} ({Count(result.Words.Count, "word")}) for {result.AudioDuration.TotalSeconds:0.##} s of audio"
            + (request.SkipSilence ? $", of which it skipped {result.SkippedSilence.TotalSeconds:0.#} s of silence" : string.Empty)
            + $"; laid out as {Count(cues.Count, "cue")} of at most {CaptionRules.MaxLines} lines of {CaptionRules.MaxLineLength} characters.");
        var document = new TranscriptDocument(cues, result.Language, ModelName, result.AudioDuration, request.Translate, Path.GetFileName(input.Path));
        WriteFailure(folder, () => TranscriptFiles.WriteAll(staging.Staging, document));

        HlsSubtitleTrack? track = null;
        if (package is not null)
        {
            track = await WriteSubtitlesAsync(tools, package, source, document, staging.Staging, cancellationToken).ConfigureAwait(false);
        }

        // Past this point the transcript is moved into place as a whole: Ctrl+C waits the few milliseconds.
        cancellationToken.ThrowIfCancellationRequested();
        WriteFailure(folder, () => staging.Commit(withSubtitles: track is not null));
        var transcript = new Transcript
        {
            Language = document.Language,
            Model = ModelName,
            Translated = request.Translate,
            SourcePath = input.Path,
            SegmentCount = cues.Count,
            Duration = result.AudioDuration,
            SkippedSilence = result.SkippedSilence,
            SrtPath = Path.Combine(folder, TranscriptFiles.Srt),
            VttPath = Path.Combine(folder, TranscriptFiles.Vtt),
            TxtPath = Path.Combine(folder, TranscriptFiles.Txt),
            JsonPath = Path.Combine(folder, TranscriptFiles.Json),
            SubtitlePlaylistPath = track is null ? null : Path.Combine(folder, SubtitleRenditionWriter.FolderName, SubtitleRenditionWriter.PlaylistName),
        };

        WriteFailure(folder, () =>
        {
            if (package is not null && track is not null)
            {
                new MasterPlaylistWriter().Write(package, [track]);
                HlsPackageWriter.SaveManifest(package.WithTranscript(transcript));
            }

            TranscriptManifest.Write(folder, TranscriptRecord.Create(settings, transcript, folder, _time.GetUtcNow()));
        });
        _log.Verbose($"Wrote {Count(cues.Count, "cue")} to {folder} ({string.Join(", ", TranscriptFiles.Names)}{(track is null ? string.Empty : ", subtitles/ and master.m3u8")}).");
        _log.Event("phase.end", ("phase", "transcribe"), ("source", input.Path), ("folder", folder), ("seconds", Math.Round(_time.GetElapsedTime(started).TotalSeconds, 3)),
            ("mediaSeconds", Math.Round(result.AudioDuration.TotalSeconds, 3)), ("silenceSkippedSeconds", Math.Round(result.SkippedSilence.TotalSeconds, 3)), ("heardSeconds", Math.Round(result.Heard.TotalSeconds, 3)),
            ("words", result.Words.Count), ("cues", cues.Count), ("language", document.Language));
        return transcript;
    }

    private string LanguageFor(TranscriptionRequest request)
    {
        var language = string.Equals(request.Language?.Trim(), TranscriptionRequest.AutoLanguage, StringComparison.OrdinalIgnoreCase)
            ? TranscriptionRequest.AutoLanguage
            : TargetRules.NormalizeLanguage(request.Language ?? string.Empty);
        if (Model.IsMultilingual)
        {
            return language;
        }

        if (request.Translate || language is not ("en" or TranscriptionRequest.AutoLanguage))
        {
            throw new HlsEncoderException("ModelEnglishOnly", FailureKind.InvalidArgument,
                $"The Whisper model {ModelName} is English-only, so it cannot {(request.Translate ? "translate" : $"transcribe language '{language}'")}. Use a multilingual model (a name without .en, such as base).",
                Model.Path);
        }

        return "en";
    }

    private Transcript? ExistingTranscript(string folder, HlsPackage? package, TranscriptSettings settings, bool force)
    {
        if (TranscriptManifest.TryLoad(folder) is not { } record)
        {
            return null;
        }

        if (force)
        {
            _log.Verbose($"Replacing the transcript in {folder} (-Force).");
            return null;
        }

        if (!record.Settings.Matches(settings))
        {
            _log.Verbose($"Replacing the transcript in {folder}: {settings.Difference(record.Settings)}.");
            return null;
        }

        var complete = record.IsComplete(folder)
            && (package is null || (record.SubtitlePlaylist is not null && MasterListsSubtitles(package)));
        if (!complete)
        {
            _log.Verbose($"Replacing the transcript in {folder}: some of its files are missing.");
            return null;
        }

        _log.Verbose($"Skipped {settings.Source.Path}: {folder} already holds its transcript with the same model and language. Add -Force to transcribe it again.");
        return record.ToTranscript(folder);
    }

    private static bool MasterListsSubtitles(HlsPackage package) =>
        File.ReadAllText(package.MasterPlaylist).Contains($"URI=\"{SubtitleRenditionWriter.FolderName}/{SubtitleRenditionWriter.PlaylistName}\"", StringComparison.Ordinal);

    private async Task<RecognitionResult> RecognizeAsync(
        FfmpegTools tools, AudioSource source, TranscriptSettings settings, PackageLock folderLock, IProgress<MediaProgress>? progress, CancellationToken cancellationToken)
    {
        var factory = Factory();
        var options = new RecognitionOptions
        {
            Language = settings.Language,
            FallbackLanguage = TargetRules.NormalizeLanguage(_options.DefaultLanguage),
            Translate = settings.Translate,
            Prompt = settings.Prompt,
            SkipSilence = settings.SkipSilence,
            Threads = _options.Threads,
            TemperatureIncrement = _options.TemperatureIncrement,
            ChunkDuration = _options.ChunkDuration,
        };
        var reporter = new ProgressReporter(source, progress, _time);
        await using var decoder = AudioDecoder.Start(tools, source.Path, _log);
        folderLock.Track(decoder.Identity);
        RecognitionResult result;
        try
        {
            result = await new SpeechRecognizer(factory, _log).RecognizeAsync(decoder.Output, options, reporter.Report, cancellationToken).ConfigureAwait(false);
            await decoder.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (WhisperProcessingException e)
        {
            throw new HlsEncoderException("TranscriptionFailed", FailureKind.OperationFailed,
                $"Whisper failed transcribing {source.Path}: {e.Message}. Check the model with Save-WhisperModel -Force, or try another model.", source.Path, e);
        }
        finally
        {
            await decoder.DisposeAsync().ConfigureAwait(false);
            folderLock.Untrack();
        }

        reporter.Complete(result.AudioDuration);
        return result;
    }

    private async Task<HlsSubtitleTrack> WriteSubtitlesAsync(
        FfmpegTools tools, HlsPackage package, AudioSource source, TranscriptDocument document, string staging, CancellationToken cancellationToken)
    {
        var video = package.Renditions[0];
        var playlist = MediaPlaylist.Read(video.PlaylistPath);
        var firstSegment = Path.Combine(Path.GetDirectoryName(video.PlaylistPath)!, playlist.Segments[0].Uri);
        var videoStartPts = await AudioSource.ReadVideoStartPtsAsync(tools, firstSegment, cancellationToken).ConfigureAwait(false);
        // Transcript time 0 is the input's start; its video starts that much later, at videoStartPts.
        var offset = source.HasVideo ? (long)Math.Round((source.VideoStart - source.FormatStart).TotalSeconds * 90_000) : 0;
        var mpegTs = MpegTsClock.Wrap(videoStartPts - offset);
        _log.Debug($"Subtitles: X-TIMESTAMP-MAP MPEGTS:{mpegTs} (first video PTS {videoStartPts} in {firstSegment}).");
        SubtitleRenditionWriter.Write(staging, document.Segments, playlist.Segments.Select(s => s.Duration).ToArray(), playlist.TargetDurationSeconds, mpegTs);
        var name = SupportedLanguage.Find(document.Language)?.NativeName ?? document.Language;
        return new HlsSubtitleTrack(name, document.Language, Path.Combine(package.OutputPath, SubtitleRenditionWriter.FolderName, SubtitleRenditionWriter.PlaylistName));
    }

    private WhisperFactory Factory()
    {
        if (_factory is not null)
        {
            return _factory;
        }

        try
        {
            _log.Verbose($"Loading the Whisper model {Model.Path} ({Model.Size / 1048576.0:0.#} MiB).");
            _factory = WhisperFactory.FromPath(Model.Path);
            return _factory;
        }
        catch (Exception e) when (e is WhisperModelLoadException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or InvalidOperationException)
        {
            throw new HlsEncoderException("ModelLoadFailed", FailureKind.OperationFailed,
                $"Whisper could not load the model {Model.Path}: {e.Message}. Download it again with Save-WhisperModel -Force, or pass another -Model.", Model.Path, e);
        }
    }

    private static void WriteFailure(string folder, Action write) => WriteFailure(folder, () =>
    {
        write();
        return true;
    });

    private static T WriteFailure<T>(string folder, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HlsEncoderException("OutputWriteFailed", FailureKind.OperationFailed,
                $"The transcript could not be written into {folder}: {e.Message} Check that the folder can be created and written to, and that the disk has room.", folder, e);
        }
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";


    private sealed record AudioInput(string Path, SourceFingerprint Fingerprint);

    /// <summary>Turns positions in the audio into progress reports with speed and time left.</summary>
    private sealed class ProgressReporter(AudioSource source, IProgress<MediaProgress>? progress, TimeProvider time)
    {
        private readonly long _started = time.GetTimestamp();

        public void Report(TimeSpan position)
        {
            if (progress is null)
            {
                return;
            }

            var duration = source.Duration;
            var processed = duration > TimeSpan.Zero && position > duration ? duration : position;
            var elapsed = time.GetElapsedTime(_started);
            double? speed = elapsed > TimeSpan.FromSeconds(1) && processed > TimeSpan.Zero ? processed / elapsed : null;
            progress.Report(new MediaProgress
            {
                SourcePath = source.Path,
                Duration = duration,
                Processed = processed,
                // 100 % is reported once the audio has been read to its end.
                Percent = duration > TimeSpan.Zero ? Math.Min(99, processed / duration * 100) : 0,
                Speed = speed,
                TimeLeft = speed is > 0 ? (duration - processed) / speed.Value : null,
            });
        }

        public void Complete(TimeSpan audioDuration) => progress?.Report(new MediaProgress
        {
            SourcePath = source.Path,
            Duration = audioDuration,
            Processed = audioDuration,
            Percent = 100,
            TimeLeft = TimeSpan.Zero,
        });
    }
}
