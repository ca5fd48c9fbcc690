using System.Text.Json.Serialization;

namespace HlsEncoder.Upload;

/// <summary>
/// What .upload_state.json holds (version 2): one upload state per S3 prefix the package goes to, since
/// one package can be published to several courses and languages. Version 1 (HlsEncoder 0.1) held a
/// single target's state at the top level; it is read as that one target.
/// </summary>
internal sealed class UploadStateFile
{
    public const int CurrentVersion = 2;

    [JsonPropertyName("version")]
    public int Version { get; set; } = CurrentVersion;

    [JsonPropertyName("targets")]
    public SortedDictionary<string, UploadState> Targets { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One target's upload: where the package goes and, per file, what was sent. No token and no presigned
/// URL is ever stored here.
/// </summary>
internal sealed class UploadState
{
    [JsonPropertyName("courseId")]
    public string CourseId { get; set; } = string.Empty;

    [JsonPropertyName("language")]
    public string Language { get; set; } = string.Empty;

    [JsonPropertyName("prefix")]
    public string Prefix { get; set; } = string.Empty;

    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    [JsonPropertyName("createdAt")]
    public DateTimeOffset CreatedAt { get; set; }

    [JsonPropertyName("updatedAt")]
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The master playlist's public URL from the backend, when it has no query string.</summary>
    [JsonPropertyName("masterUrl")]
    public string? MasterUrl { get; set; }

    [JsonPropertyName("files")]
    public SortedDictionary<string, FileUploadState> Files { get; set; } = new(StringComparer.Ordinal);
}

internal static class FileUploadStatus
{
    public const string Pending = "pending";
    public const string Uploaded = "uploaded";
    public const string Failed = "failed";
}

internal sealed class FileUploadState
{
    [JsonPropertyName("key")]
    public string Key { get; set; } = string.Empty;

    [JsonPropertyName("contentType")]
    public string ContentType { get; set; } = string.Empty;

    [JsonPropertyName("size")]
    public long Size { get; set; }

    [JsonPropertyName("lastWriteTimeUtc")]
    public DateTime LastWriteTimeUtc { get; set; }

    [JsonPropertyName("md5")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Md5 { get; set; }

    [JsonPropertyName("status")]
    public string Status { get; set; } = FileUploadStatus.Pending;

    [JsonPropertyName("uploadedAt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DateTimeOffset? UploadedAt { get; set; }

    [JsonPropertyName("attempts")]
    public int Attempts { get; set; }

    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; set; }

    public bool IsUploaded(UploadItem item) =>
        Status == FileUploadStatus.Uploaded && Size == item.Size && LastWriteTimeUtc == item.LastWriteTimeUtc && Key == item.Key;
}
