using System.Text.Json.Serialization;
using HlsEncoder.Backend;
using HlsEncoder.Packaging;
using HlsEncoder.Validation;

namespace HlsEncoder.Publishing;

/// <summary>
/// One publication of a source: to a course, in a language, under a name. Its S3 folder, the phases it
/// has been through and, once made, its File record. A source published to three courses has three;
/// they share the package (encoded once) and, per language, the transcript. Never a token, never a
/// presigned URL.
/// </summary>
internal sealed class Publication
{
    [JsonPropertyName("courseId")]
    public string CourseId { get; set; } = string.Empty;

    [JsonPropertyName("language")]
    public string Language { get; set; } = string.Empty;

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("prefix")]
    public string Prefix { get; set; } = string.Empty;

    [JsonPropertyName("sourcePath")]
    public string SourcePath { get; set; } = string.Empty;

    [JsonPropertyName("sourceSize")]
    public long SourceSize { get; set; }

    [JsonPropertyName("sourceLastWriteTimeUtc")]
    public DateTime SourceLastWriteTimeUtc { get; set; }

    /// <summary>The SHA-256 of the source it was made from; absent in publications of HlsEncoder 0.1.</summary>
    [JsonPropertyName("sourceSha256")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SourceSha256 { get; set; }

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

    [JsonIgnore]
    private SourceFingerprint Fingerprint => new(SourcePath, SourceSize, DateTime.SpecifyKind(SourceLastWriteTimeUtc, DateTimeKind.Utc));

    public static Publication Start(PublishTarget target, SourceFingerprint source, string sourceSha256) => new()
    {
        CourseId = target.CourseId,
        Language = target.Language,
        Name = target.Name,
        Prefix = target.Prefix,
        SourcePath = source.Path,
        SourceSize = source.Size,
        SourceLastWriteTimeUtc = source.LastWriteTimeUtc,
        SourceSha256 = sourceSha256,
    };

    /// <summary>Whether this is the publication of <paramref name="target"/>: the same course, language and name.</summary>
    public bool IsOf(PublishTarget target) =>
        CourseId == target.CourseId && Language == target.Language && Name == target.Name;

    /// <summary>Whether it was made from the source as it is now: by content when both hashes are known, else by path, size and time.</summary>
    public bool IsFrom(SourceFingerprint source, string sourceSha256) =>
        SourceSha256 is { } recorded ? recorded == sourceSha256 : Fingerprint.Matches(source);

    /// <summary>The SHA-256 recorded for <paramref name="source"/> as it is now, or null.</summary>
    public string? KnownHashOf(SourceFingerprint source) => SourceSha256 is not null && Fingerprint.Matches(source) ? SourceSha256 : null;

    /// <summary>The target it was published to, at the folder it was published in.</summary>
    public PublishTarget Target() => PublishTarget.Create(CourseId, Language, Name).AtRecordedPrefix(Prefix);

    public string Describe() => $"'{Name}' in {Prefix}{(FileRecord is { Id.Length: > 0 } record ? $" (File record {record.Id})" : string.Empty)}";
}
