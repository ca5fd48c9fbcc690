using System.Text.Json.Serialization;
using System.Text.Json;
using HlsEncoder.Packaging;

namespace HlsEncoder.Transcription;

/// <summary>
/// The transcript's own record in its folder (.hlsencoder-transcript.json): versioned, written last and
/// atomically, holding the settings it was made with and the files it consists of (relative to the
/// folder, so the folder can be moved or copied). The upload skips files whose name starts with '.'.
/// </summary>
public static class TranscriptManifest
{
    public const string FileName = ".hlsencoder-transcript.json";
    public const int CurrentVersion = 2;

    /// <summary>
    /// Version 1 (before captions were laid out word by word) still reads, with no caption rules (it has
    /// no Captions), so it is made again with a reason the verbose stream gives; releases that know only
    /// version 1 make a version 2 transcript again rather than take settings they cannot compare. A record
    /// of any other version is no record: the transcript is made again.
    /// </summary>
    private static readonly VersionedJsonFile<TranscriptRecord> RecordFile = new VersionedJsonFile<TranscriptRecord>(
        new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull })
        .Accept(CurrentVersion)
        .Accept(1);

    /// <summary>
    /// The transcript recorded in <paramref name="folder"/> (a package folder, or the -OutputPath of a
    /// transcribed file), or null when there is none, it is unreadable or of another version, or one of
    /// its files is missing.
    /// </summary>
    public static Transcript? TryRead(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return TryLoad(full) is { } record && record.IsComplete(full) ? record.ToTranscript(full) : null;
    }

    internal static TranscriptRecord? TryLoad(string folder) => RecordFile.TryRead(Path.Combine(folder, FileName));

    internal static void Write(string folder, TranscriptRecord record) => RecordFile.Write(Path.Combine(folder, FileName), record);

    internal static void Delete(string folder) => File.Delete(Path.Combine(folder, FileName));
}

/// <summary>The manifest's content.</summary>
internal sealed class TranscriptRecord
{
    public int Version { get; set; } = TranscriptManifest.CurrentVersion;

    public string CreatedBy { get; set; } = ProductInfo.UserAgent;

    public DateTimeOffset CreatedAt { get; set; }

    public RecordedFile Source { get; set; } = new();

    public RecordedFile Model { get; set; } = new();

    /// <summary>The language asked for: a code or "auto".</summary>
    public string RequestedLanguage { get; set; } = string.Empty;

    public bool Translate { get; set; }

    /// <summary>The -Prompt it was made with, as given (course terms and names); null for none.</summary>
    public string? Prompt { get; set; }

    public bool SkipSilence { get; set; } = true;

    /// <summary>The caption rules it was laid out under (<see cref="CaptionRules.Id"/>); empty before version 2.</summary>
    public string Captions { get; set; } = string.Empty;

    public double SkippedSilenceSeconds { get; set; }

    public string Language { get; set; } = string.Empty;

    public string ModelName { get; set; } = string.Empty;

    public int SegmentCount { get; set; }

    public double DurationSeconds { get; set; }

    public string Srt { get; set; } = TranscriptFiles.Srt;

    public string Vtt { get; set; } = TranscriptFiles.Vtt;

    public string Txt { get; set; } = TranscriptFiles.Txt;

    public string Json { get; set; } = TranscriptFiles.Json;

    public string? SubtitlePlaylist { get; set; }

    [JsonIgnore]
    public TranscriptSettings Settings => new(Source.ToFingerprint(), Model.ToFingerprint(), RequestedLanguage, Translate, Prompt, SkipSilence, Captions);

    public static TranscriptRecord Create(TranscriptSettings settings, Transcript transcript, string folder, DateTimeOffset createdAt) => new()
    {
        CreatedAt = createdAt,
        Source = RecordedFile.From(settings.Source),
        Model = RecordedFile.From(settings.Model),
        RequestedLanguage = settings.Language,
        Translate = settings.Translate,
        Prompt = settings.Prompt,
        SkipSilence = settings.SkipSilence,
        Captions = settings.Captions,
        SkippedSilenceSeconds = Math.Round(transcript.SkippedSilence.TotalSeconds, 3),
        Language = transcript.Language,
        ModelName = transcript.Model,
        SegmentCount = transcript.SegmentCount,
        DurationSeconds = transcript.Duration.TotalSeconds,
        Srt = Relative(folder, transcript.SrtPath),
        Vtt = Relative(folder, transcript.VttPath),
        Txt = Relative(folder, transcript.TxtPath),
        Json = Relative(folder, transcript.JsonPath),
        SubtitlePlaylist = transcript.SubtitlePlaylistPath is null ? null : Relative(folder, transcript.SubtitlePlaylistPath),
    };

    public bool IsComplete(string folder) =>
        new[] { Srt, Vtt, Txt, Json, SubtitlePlaylist }.OfType<string>().All(f => Absolute(folder, f) is { } path && File.Exists(path));

    public Transcript ToTranscript(string folder) => new()
    {
        Language = Language,
        Model = ModelName,
        SegmentCount = SegmentCount,
        Duration = TimeSpan.FromSeconds(DurationSeconds),
        SkippedSilence = TimeSpan.FromSeconds(SkippedSilenceSeconds),
        Translated = Translate,
        SourcePath = Source.Path,
        SrtPath = Absolute(folder, Srt) ?? string.Empty,
        VttPath = Absolute(folder, Vtt) ?? string.Empty,
        TxtPath = Absolute(folder, Txt) ?? string.Empty,
        JsonPath = Absolute(folder, Json) ?? string.Empty,
        SubtitlePlaylistPath = SubtitlePlaylist is null ? null : Absolute(folder, SubtitlePlaylist),
    };

    private static string Relative(string folder, string path) => Path.GetRelativePath(folder, path).Replace('\\', '/');

    /// <summary>A path inside <paramref name="folder"/>, or null for one that would lead out of it.</summary>
    private static string? Absolute(string folder, string relative)
    {
        var path = Path.GetFullPath(Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar)));
        var back = Path.GetRelativePath(folder, path);
        return back.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(back) ? null : path;
    }
}

/// <summary>A file as the manifest records it: enough to tell whether it changed since.</summary>
internal sealed class RecordedFile
{
    public string Path { get; set; } = string.Empty;

    public long Size { get; set; }

    public DateTime LastWriteTimeUtc { get; set; }

    public static RecordedFile From(SourceFingerprint fingerprint) =>
        new() { Path = fingerprint.Path, Size = fingerprint.Size, LastWriteTimeUtc = fingerprint.LastWriteTimeUtc };

    public SourceFingerprint ToFingerprint() => new(Path, Size, DateTime.SpecifyKind(LastWriteTimeUtc, DateTimeKind.Utc));
}
