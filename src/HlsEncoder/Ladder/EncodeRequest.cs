using HlsEncoder.Packaging;

namespace HlsEncoder.Ladder;

/// <summary>What to encode, where, and how.</summary>
public sealed record EncodeRequest
{
    /// <summary>The source video.</summary>
    public required string SourcePath { get; init; }

    /// <summary>The package folder; null means a folder beside the source named after it.</summary>
    public string? OutputPath { get; init; }

    /// <summary>The qualities to encode; rungs above the source's size are dropped.</summary>
    public IReadOnlyList<string> Qualities { get; init; } = QualityLevel.DefaultNames;

    public TimeSpan SegmentDuration { get; init; } = SegmentDurationRule.Default;

    /// <summary>The x264 preset (<see cref="X264Preset.Names"/>).</summary>
    public string Preset { get; init; } = X264Preset.Default;

    /// <summary>
    /// Write an I-frame playlist per rendition ({quality}/iframe_index.m3u8) and name them in master.m3u8, for
    /// trick play. Turning it on or off for a package that is otherwise up to date adds or removes them in place.
    /// </summary>
    public bool IFramePlaylists { get; init; } = true;

    /// <summary>
    /// Also write download.mp4 (the top rendition remuxed) and audio.m4a (its sound). Without it, a package
    /// that has them loses them, so that the package holds what the last run asked for.
    /// </summary>
    public bool Downloads { get; init; }

    /// <summary>
    /// Write poster.jpg, a representative frame of the top rendition (see PosterRule). Turning it off for a
    /// package that is otherwise up to date removes it in place.
    /// </summary>
    public bool Poster { get; init; } = true;

    /// <summary>The poster's frame time (-PosterTime), from 0 to less than the duration; null lets the rule choose.</summary>
    public TimeSpan? PosterTime { get; init; }

    /// <summary>
    /// Write the scrubbing storyboard: storyboard/sheet_N.jpg sprite sheets and storyboard/thumbnails.vtt
    /// (see StoryboardPlan). Turning it on or off for an up-to-date package adds or removes it in place.
    /// </summary>
    public bool Storyboard { get; init; } = true;

    /// <summary>
    /// Measure the sound's loudness in a first, audio-only pass and bring it to -16 LUFS with true peaks
    /// below -1 dBTP in the encode. Part of the settings: a package made the other way is encoded again.
    /// </summary>
    public bool NormalizeLoudness { get; init; } = true;

    /// <summary>Replace an existing package, even one encoded from the same source with the same settings.</summary>
    public bool Force { get; init; }

    /// <summary>
    /// Replace a package made from an earlier version of this same source file (or with other settings)
    /// instead of refusing; a package of another source, or a folder that is not a package, is still refused.
    /// </summary>
    public bool ReplaceStale { get; init; }

    /// <summary>The source's SHA-256 (hex) when the caller knows it already; else the encoder reads it.</summary>
    public string? SourceHash { get; init; }

    /// <summary>The ffmpeg executable or its folder (FFMPEG_PATH); null finds ffmpeg on PATH.</summary>
    public string? FfmpegPath { get; init; }

    /// <summary>The package folder used when <see cref="OutputPath"/> is null: beside the source, named after it.</summary>
    public static string DefaultOutputPath(string sourcePath) => PackageFolder.DefaultFor(sourcePath);

    internal string ResolveOutputPath() =>
        System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(OutputPath ?? DefaultOutputPath(SourcePath)));
}
