namespace HlsEncoder.Packaging;

/// <summary>
/// An encoded HLS package: master.m3u8 and one folder per quality. Its property names are chosen so
/// that it binds by property name into the cmdlets that transcribe, upload and register it.
/// </summary>
public sealed class HlsPackage
{
    public const string MasterPlaylistName = "master.m3u8";

    /// <param name="sourcePath">The video it was made from; empty for a package another tool made.</param>
    /// <param name="masterPlaylist">The master playlist's full path; null for master.m3u8 in <paramref name="outputPath"/>.</param>
    /// <param name="contentHash">What identifies its content: the SHA-256 of the source (hex), or for a package another tool made, of its playlists and segment sizes.</param>
    /// <param name="iFramePlaylists">Its I-frame playlists for trick play; none when null.</param>
    /// <param name="downloads">Its downloadable MP4 and M4A, or null.</param>
    /// <param name="poster">Its poster.jpg, or null.</param>
    /// <param name="storyboard">Its storyboard (sprite sheets and thumbnails.vtt), or null.</param>
    /// <param name="loudness">Its source's measured loudness and the normalization applied, or null.</param>
    public HlsPackage(
        string sourcePath,
        string outputPath,
        TimeSpan duration,
        IReadOnlyList<HlsRendition> renditions,
        TimeSpan segmentDuration,
        Transcript? transcript = null,
        string? masterPlaylist = null,
        string? contentHash = null,
        IReadOnlyList<HlsIFramePlaylist>? iFramePlaylists = null,
        HlsDownloads? downloads = null,
        HlsPoster? poster = null,
        HlsStoryboard? storyboard = null,
        HlsLoudness? loudness = null)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(renditions);
        if (renditions.Count == 0)
        {
            throw new ArgumentException("A package has at least one rendition.", nameof(renditions));
        }

        SourcePath = sourcePath;
        OutputPath = outputPath;
        MasterPlaylist = masterPlaylist ?? System.IO.Path.Combine(outputPath, MasterPlaylistName);
        ContentHash = contentHash;
        Duration = duration;
        Renditions = renditions.OrderByDescending(r => Math.Min(r.Width, r.Height)).ThenByDescending(r => r.Bandwidth).ToArray();
        Qualities = Renditions.Select(r => r.Name).ToArray();
        HasAudio = Renditions.All(r => r.HasAudio);
        SegmentDuration = segmentDuration;
        Transcript = transcript;
        IFramePlaylists = (iFramePlaylists ?? []).OrderByDescending(i => Math.Min(i.Width, i.Height)).ThenByDescending(i => i.Bandwidth).ToArray();
        Downloads = downloads;
        Poster = poster;
        Storyboard = storyboard;
        Loudness = loudness;
    }

    /// <summary>Full path of the source video; empty for a package another tool made.</summary>
    public string SourcePath { get; }

    /// <summary>The package folder.</summary>
    public string OutputPath { get; }

    /// <summary>Full path of the master playlist: master.m3u8, or whatever another tool named it.</summary>
    public string MasterPlaylist { get; }

    /// <summary>
    /// The SHA-256 (hex) that identifies the content: of the source video for a package HlsEncoder made,
    /// of the playlists and segment sizes for one another tool made; null when not known yet.
    /// </summary>
    public string? ContentHash { get; }

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

    /// <summary>The I-frame playlists (EXT-X-I-FRAME-STREAM-INF in the master playlist), highest first; empty when the package has none.</summary>
    public IReadOnlyList<HlsIFramePlaylist> IFramePlaylists { get; }

    /// <summary>download.mp4 and audio.m4a when the package was encoded with -Download; else null.</summary>
    public HlsDownloads? Downloads { get; }

    /// <summary>poster.jpg (a representative frame of the top rendition); null when made with -NoPoster.</summary>
    public HlsPoster? Poster { get; }

    /// <summary>The scrubbing thumbnails (storyboard/thumbnails.vtt and its sprite sheets); null when made with -NoStoryboard.</summary>
    public HlsStoryboard? Storyboard { get; }

    /// <summary>
    /// The source sound's loudness (integrated, range, true peak) and the gain that brought it to the target;
    /// null when the source has no sound or the package was encoded with -NoLoudnessNormalization.
    /// </summary>
    public HlsLoudness? Loudness { get; }

    public HlsPackage WithTranscript(Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return new HlsPackage(SourcePath, OutputPath, Duration, Renditions, SegmentDuration, transcript, MasterPlaylist, ContentHash, IFramePlaylists, Downloads, Poster, Storyboard, Loudness);
    }

    public HlsPackage WithContentHash(string contentHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(contentHash);
        return new HlsPackage(SourcePath, OutputPath, Duration, Renditions, SegmentDuration, Transcript, MasterPlaylist, contentHash, IFramePlaylists, Downloads, Poster, Storyboard, Loudness);
    }

    /// <param name="iFramePlaylists">The I-frame playlists the package now has; empty for none.</param>
    public HlsPackage WithIFramePlaylists(IReadOnlyList<HlsIFramePlaylist> iFramePlaylists)
    {
        ArgumentNullException.ThrowIfNull(iFramePlaylists);
        return new HlsPackage(SourcePath, OutputPath, Duration, Renditions, SegmentDuration, Transcript, MasterPlaylist, ContentHash, iFramePlaylists, Downloads, Poster, Storyboard, Loudness);
    }

    /// <param name="downloads">The downloads the package now has; null for none.</param>
    public HlsPackage WithDownloads(HlsDownloads? downloads) =>
        new(SourcePath, OutputPath, Duration, Renditions, SegmentDuration, Transcript, MasterPlaylist, ContentHash, IFramePlaylists, downloads, Poster, Storyboard, Loudness);

    /// <param name="poster">The poster the package now has; null for none.</param>
    public HlsPackage WithPoster(HlsPoster? poster) =>
        new(SourcePath, OutputPath, Duration, Renditions, SegmentDuration, Transcript, MasterPlaylist, ContentHash, IFramePlaylists, Downloads, poster, Storyboard, Loudness);

    /// <param name="storyboard">The storyboard the package now has; null for none.</param>
    public HlsPackage WithStoryboard(HlsStoryboard? storyboard) =>
        new(SourcePath, OutputPath, Duration, Renditions, SegmentDuration, Transcript, MasterPlaylist, ContentHash, IFramePlaylists, Downloads, Poster, storyboard, Loudness);

    /// <param name="loudness">The loudness measured and applied; null for none.</param>
    public HlsPackage WithLoudness(HlsLoudness? loudness) =>
        new(SourcePath, OutputPath, Duration, Renditions, SegmentDuration, Transcript, MasterPlaylist, ContentHash, IFramePlaylists, Downloads, Poster, Storyboard, loudness);

    public override string ToString() => OutputPath;
}
