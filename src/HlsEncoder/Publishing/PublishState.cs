using System.Text.Json.Serialization;
using System.Text.Json;
using HlsEncoder.Backend;
using HlsEncoder.Packaging;

namespace HlsEncoder.Publishing;

/// <summary>
/// One video's progress through the job, kept as a hidden file beside its package folder
/// (.{package}.publish.json), so that it outlives -DeleteLocal: which source, which target, the phases
/// done, and the File record's id once it exists. Never a token, never a presigned URL.
/// </summary>
internal sealed class PublishState
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public int Version { get; set; } = CurrentVersion;

    [JsonPropertyName("sourcePath")]
    public string SourcePath { get; set; } = string.Empty;

    [JsonPropertyName("sourceSize")]
    public long SourceSize { get; set; }

    [JsonPropertyName("sourceLastWriteTimeUtc")]
    public DateTime SourceLastWriteTimeUtc { get; set; }

    [JsonPropertyName("courseId")]
    public string CourseId { get; set; } = string.Empty;

    [JsonPropertyName("language")]
    public string Language { get; set; } = string.Empty;

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("prefix")]
    public string Prefix { get; set; } = string.Empty;

    [JsonPropertyName("encodedAt")]
    public DateTimeOffset? EncodedAt { get; set; }

    [JsonPropertyName("transcribedAt")]
    public DateTimeOffset? TranscribedAt { get; set; }

    [JsonPropertyName("uploadedAt")]
    public DateTimeOffset? UploadedAt { get; set; }

    /// <summary>Set just before the File record is requested: a run killed right then left this without an id.</summary>
    [JsonPropertyName("fileRecordRequestedAt")]
    public DateTimeOffset? FileRecordRequestedAt { get; set; }

    [JsonPropertyName("fileRecord")]
    public FileRecord? FileRecord { get; set; }

    [JsonPropertyName("completedAt")]
    public DateTimeOffset? CompletedAt { get; set; }

    [JsonIgnore]
    public bool IsPublished => FileRecord is { Id.Length: > 0 } && CompletedAt is not null;

    public bool IsFor(FileInfo source) =>
        new SourceFingerprint(SourcePath, SourceSize, DateTime.SpecifyKind(SourceLastWriteTimeUtc, DateTimeKind.Utc)).Matches(SourceFingerprint.Of(source));
}

internal sealed class PublishStateStore(string packageFolder)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>.{package}.publish.json beside the package folder.</summary>
    public string Path { get; } = System.IO.Path.Combine(
        System.IO.Path.GetDirectoryName(packageFolder) ?? packageFolder,
        $".{System.IO.Path.GetFileName(packageFolder)}.publish.json");

    public PublishState? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(Path);
            var state = JsonSerializer.Deserialize<PublishState>(stream, Options);
            return state is { Version: PublishState.CurrentVersion } ? state : throw new JsonException($"version {state?.Version} is not {PublishState.CurrentVersion}");
        }
        catch (JsonException e)
        {
            throw new HlsEncoderException(
                "PublishStateInvalid", FailureKind.InvalidData,
                $"{Path} cannot be read ({e.Message}). Check the admin panel for this video's File record, then delete the file, or run again with -Force.", Path, e);
        }
    }

    public void Save(PublishState state) =>
        AtomicFile.Write(Path, stream => JsonSerializer.Serialize(stream, state, Options));

    public void Delete() => File.Delete(Path);
}
