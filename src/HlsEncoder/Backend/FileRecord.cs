namespace HlsEncoder.Backend;

/// <summary>A File record as the backend stored it; an admin links it to a course session.</summary>
public sealed record FileRecord
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string CourseId { get; init; } = string.Empty;

    public string Language { get; init; } = string.Empty;

    public string Type { get; init; } = "hls";

    public S3KeySet S3Keys { get; init; } = new();

    public long Duration { get; init; }

    public IReadOnlyList<string> Qualities { get; init; } = [];

    public string? UploadedBy { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Where the master playlist can be played from, when the upload reported it.</summary>
    public Uri? MasterUrl { get; init; }

    public override string ToString() => $"{Id} {Name}";
}
