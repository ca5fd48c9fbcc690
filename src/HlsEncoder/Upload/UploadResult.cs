using System.Text.Json;
using HlsEncoder.Backend;
using HlsEncoder.Validation;

namespace HlsEncoder.Upload;

/// <summary>
/// What Send-HlsToS3 did. Its property names match New-BackendFileRecord's parameters, so that the
/// result binds straight into it.
/// </summary>
public sealed class UploadResult
{
    public string CourseId { get; init; } = string.Empty;

    public string Language { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    /// <summary>The folder every key is under: courses/{courseId}/{language}/{videoKey}/ (or courses/{courseId}/{language}/ in the course layout).</summary>
    public string Prefix { get; init; } = string.Empty;

    public S3KeyLayout KeyLayout { get; init; } = S3KeyLayout.Video;

    /// <summary>The video's folder name under the language folder; null in the course layout.</summary>
    public string? VideoKey { get; init; }

    public S3KeySet S3Keys { get; init; } = new();

    public IReadOnlyList<string> Qualities { get; init; } = [];

    public TimeSpan Duration { get; init; }

    /// <summary>Where the master playlist can be played from, as the backend reported it.</summary>
    public Uri? MasterUrl { get; init; }

    /// <summary>The package folder that was uploaded.</summary>
    public string PackagePath { get; init; } = string.Empty;

    public int Uploaded { get; init; }

    /// <summary>Files an earlier run had already uploaded and that have not changed since.</summary>
    public int Skipped { get; init; }

    public int Failed => FailedFiles.Count;

    public IReadOnlyList<UploadFailure> FailedFiles { get; init; } = [];

    /// <summary>Bytes sent by this run.</summary>
    public long Bytes { get; init; }

    public TimeSpan Elapsed { get; init; }

    public bool IsComplete => FailedFiles.Count == 0;

    public override string ToString() => $"{Prefix} ({Uploaded} uploaded, {Skipped} skipped, {Failed} failed)";

    /// <summary>The whole result as JSON, to hand it from one machine to another (a remote session's upload to the machine that registers it).</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    /// <exception cref="JsonException">The text is not such a result.</exception>
    public static UploadResult FromJson(string json) =>
        JsonSerializer.Deserialize<UploadResult>(json) ?? throw new JsonException("The upload result is empty.");
}
