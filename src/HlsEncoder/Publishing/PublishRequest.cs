using HlsEncoder.Ladder;
using HlsEncoder.Packaging;
using HlsEncoder.Transcription;
using HlsEncoder.Upload;
using HlsEncoder.Validation;

namespace HlsEncoder.Publishing;

/// <summary>One video to publish: the source, where it goes, and how to encode, transcribe and upload it.</summary>
public sealed class PublishRequest
{
    public required string SourcePath { get; init; }

    public required PublishTarget Target { get; init; }

    /// <summary>The package folder; by default a folder beside the source, named after it.</summary>
    public string? OutputPath { get; init; }

    /// <summary>
    /// With a worker on another machine (<see cref="HlsPublisher.PublishWithAsync"/>), its package folder as that
    /// host sees it; null for the worker's own choice. <see cref="OutputPath"/> stays where this machine keeps the state.
    /// </summary>
    public string? WorkerOutputPath { get; init; }

    public IReadOnlyList<string> Qualities { get; init; } = QualityLevel.DefaultNames;

    public TimeSpan SegmentDuration { get; init; } = SegmentDurationRule.Default;

    public string Preset { get; init; } = X264Preset.Default;

    /// <summary>Write I-frame playlists for trick play (see <see cref="EncodeRequest.IFramePlaylists"/>).</summary>
    public bool IFramePlaylists { get; init; } = true;

    /// <summary>Also write and upload download.mp4 and audio.m4a (see <see cref="EncodeRequest.Downloads"/>).</summary>
    public bool Downloads { get; init; }

    /// <summary>Write and upload poster.jpg (see <see cref="EncodeRequest.Poster"/>).</summary>
    public bool Poster { get; init; } = true;

    /// <summary>The poster's frame time; null lets the rule choose (see <see cref="EncodeRequest.PosterTime"/>).</summary>
    public TimeSpan? PosterTime { get; init; }

    /// <summary>Write and upload the storyboard (see <see cref="EncodeRequest.Storyboard"/>).</summary>
    public bool Storyboard { get; init; } = true;

    /// <summary>Bring the sound to an even loudness (see <see cref="EncodeRequest.NormalizeLoudness"/>).</summary>
    public bool NormalizeLoudness { get; init; } = true;

    public string? FfmpegPath { get; init; }

    /// <summary>How to transcribe; null publishes without a transcript.</summary>
    public TranscriptionRequest? Transcription { get; init; }

    public int ThrottleLimit { get; init; } = UploadRequest.DefaultThrottleLimit;

    /// <summary>Where the video's keys go under the course's language folder.</summary>
    public S3KeyLayout Layout { get; init; } = S3KeyLayout.Video;

    /// <summary>Publish again even when the state says it is published; in the course layout, replace a different video.</summary>
    public bool Force { get; init; }

    /// <summary>Where course-layout folders are tracked; null for the current user's state folder.</summary>
    public CourseFolderRegistry? CourseFolders { get; init; }

    public string ResolveOutputPath() =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(OutputPath ?? PackageFolder.DefaultFor(SourcePath)));
}
