namespace HlsEncoder.Packaging;

/// <summary>
/// An encoded HLS package: master.m3u8 and one folder per quality. Its property names are chosen so
/// that it binds by property name into the cmdlets that transcribe, upload and register it.
/// </summary>
public sealed class HlsPackage
{
    public const string MasterPlaylistName = "master.m3u8";

    public HlsPackage(string sourcePath, string outputPath, TimeSpan duration, IReadOnlyList<HlsRendition> renditions, TimeSpan segmentDuration, Transcript? transcript = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(renditions);
        if (renditions.Count == 0)
        {
            throw new ArgumentException("A package has at least one rendition.", nameof(renditions));
        }

        SourcePath = sourcePath;
        OutputPath = outputPath;
        MasterPlaylist = System.IO.Path.Combine(outputPath, MasterPlaylistName);
        Duration = duration;
        Renditions = renditions.OrderByDescending(r => Math.Min(r.Width, r.Height)).ThenByDescending(r => r.Bandwidth).ToArray();
        Qualities = Renditions.Select(r => r.Name).ToArray();
        HasAudio = Renditions.All(r => r.HasAudio);
        SegmentDuration = segmentDuration;
        Transcript = transcript;
    }

    /// <summary>Full path of the source video.</summary>
    public string SourcePath { get; }

    /// <summary>The package folder.</summary>
    public string OutputPath { get; }

    /// <summary>Full path of master.m3u8.</summary>
    public string MasterPlaylist { get; }

    public TimeSpan Duration { get; }

    /// <summary>The renditions, highest first.</summary>
    public IReadOnlyList<HlsRendition> Renditions { get; }

    /// <summary>The renditions' names, highest first, such as ["1080p", "720p", "480p"].</summary>
    public IReadOnlyList<string> Qualities { get; }

    public bool HasAudio { get; }

    /// <summary>The target segment duration the package was cut with.</summary>
    public TimeSpan SegmentDuration { get; }

    /// <summary>The transcript attached by transcription, or null.</summary>
    public Transcript? Transcript { get; }

    public HlsPackage WithTranscript(Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return new HlsPackage(SourcePath, OutputPath, Duration, Renditions, SegmentDuration, transcript);
    }

    public override string ToString() => OutputPath;
}
