using HlsEncoder.Backend;
using HlsEncoder.Validation;

namespace HlsEncoder.Publishing;

/// <summary>A published video: its File record, where it plays from, and what the run did.</summary>
public sealed class PublishResult
{
    public required FileRecord FileRecord { get; init; }

    public string Id => FileRecord.Id;

    public string Name => FileRecord.Name;

    public string CourseId => FileRecord.CourseId;

    public string Language => FileRecord.Language;

    public S3KeySet S3Keys => FileRecord.S3Keys;

    public long Duration => FileRecord.Duration;

    public IReadOnlyList<string> Qualities => FileRecord.Qualities;

    public Uri? MasterUrl => FileRecord.MasterUrl;

    public required string SourcePath { get; init; }

    public required string PackagePath { get; init; }

    /// <summary>The folder its objects are in: courses/{courseId}/{language}/{videoKey}/ (or the language folder in the course layout).</summary>
    public string Prefix { get; init; } = string.Empty;

    public S3KeyLayout KeyLayout { get; init; } = S3KeyLayout.Video;

    /// <summary>The video's folder name under the language folder; null in the course layout.</summary>
    public string? VideoKey { get; init; }

    /// <summary>True when an earlier run had published it already: nothing was sent this time.</summary>
    public bool AlreadyPublished { get; init; }

    /// <summary>Whether a transcript was uploaded with the video.</summary>
    public bool HasTranscript => FileRecord.S3Keys.Transcript is { Count: > 0 };

    public PublishTimings Timings { get; init; } = PublishTimings.None;

    /// <summary>The machine that encoded and uploaded it this time (a session's host with -Session); null when nothing was done.</summary>
    public string? ComputerName { get; init; }

    public override string ToString() => $"{Id} {Name}";
}
