using System.Text.Json.Serialization;
using System.Text.Json;

namespace HlsEncoder.Packaging;

/// <summary>
/// The package folder's own record (.hlsencoder-package.json): versioned, written last and atomically,
/// holding the source fingerprint, the settings and every fact needed to rebuild the HlsPackage.
/// Paths inside the package are stored relative to it, so a package folder can be moved or copied.
/// The upload skips files whose name starts with '.', so the manifest never reaches S3.
/// </summary>
internal sealed class PackageManifest
{
    public const string FileName = ".hlsencoder-package.json";
    public const int CurrentVersion = 1;

    private static readonly VersionedJsonFile<PackageManifest> ManifestFile = new VersionedJsonFile<PackageManifest>(
        new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull })
        .Accept(CurrentVersion);

    public int Version { get; set; } = CurrentVersion;

    public string CreatedBy { get; set; } = ProductInfo.UserAgent;

    public DateTimeOffset CreatedAt { get; set; }

    public ManifestSource Source { get; set; } = new();

    public ManifestSettings Settings { get; set; } = new();

    public double DurationSeconds { get; set; }

    public int SegmentDurationSeconds { get; set; }

    public List<ManifestRendition> Renditions { get; set; } = [];

    public ManifestTranscript? Transcript { get; set; }

    /// <summary>Absent in packages made before I-frame playlists existed, and in those encoded without them.</summary>
    public List<ManifestIFramePlaylist>? IFramePlaylists { get; set; }

    public ManifestDownloads? Downloads { get; set; }

    /// <summary>Absent in packages made before posters existed, and in those made with -NoPoster.</summary>
    public ManifestPoster? Poster { get; set; }

    /// <summary>Absent in packages made before storyboards existed, and in those made with -NoStoryboard.</summary>
    public ManifestStoryboard? Storyboard { get; set; }

    /// <summary>Absent in packages made before loudness normalization existed, without sound, or encoded with -NoLoudnessNormalization.</summary>
    public ManifestLoudness? Loudness { get; set; }

    /// <param name="settings">How the package was encoded, as the encoder describes it.</param>
    public static PackageManifest Create(HlsPackage package, SourceFingerprint source, ManifestSettings settings, DateTimeOffset createdAt)
    {
        var manifest = new PackageManifest
        {
            CreatedAt = createdAt,
            Source = new ManifestSource { Path = source.Path, Size = source.Size, LastWriteTimeUtc = source.LastWriteTimeUtc, Sha256 = package.ContentHash },
            Settings = settings,
        };
        manifest.SetFacts(package);
        return manifest;
    }

    public SourceFingerprint SourceFingerprint => new(Source.Path, Source.Size, DateTime.SpecifyKind(Source.LastWriteTimeUtc, DateTimeKind.Utc));

    /// <summary>Replaces the package facts (renditions, duration, transcript), keeping source and settings.</summary>
    public void SetFacts(HlsPackage package)
    {
        Source.Sha256 = package.ContentHash ?? Source.Sha256;
        DurationSeconds = package.Duration.TotalSeconds;
        SegmentDurationSeconds = (int)package.SegmentDuration.TotalSeconds;
        Renditions = package.Renditions.Select(r => new ManifestRendition
        {
            Name = r.Name,
            Width = r.Width,
            Height = r.Height,
            Bandwidth = r.Bandwidth,
            AverageBandwidth = r.AverageBandwidth,
            Codecs = r.Codecs,
            FrameRate = r.FrameRate,
            Playlist = Relative(package.OutputPath, r.PlaylistPath),
            SegmentCount = r.SegmentCount,
            HasAudio = r.HasAudio,
        }).ToList();
        Transcript = package.Transcript is not { } t ? null : new ManifestTranscript
        {
            Language = t.Language,
            Model = t.Model,
            SegmentCount = t.SegmentCount,
            DurationSeconds = t.Duration.TotalSeconds,
            SkippedSilenceSeconds = Math.Round(t.SkippedSilence.TotalSeconds, 3),
            Srt = Relative(package.OutputPath, t.SrtPath),
            Vtt = Relative(package.OutputPath, t.VttPath),
            Txt = Relative(package.OutputPath, t.TxtPath),
            Json = Relative(package.OutputPath, t.JsonPath),
            SubtitlePlaylist = t.SubtitlePlaylistPath is null ? null : Relative(package.OutputPath, t.SubtitlePlaylistPath),
        };
        IFramePlaylists = package.IFramePlaylists.Count == 0 ? null : package.IFramePlaylists.Select(i => new ManifestIFramePlaylist
        {
            Name = i.Name,
            Width = i.Width,
            Height = i.Height,
            Bandwidth = i.Bandwidth,
            AverageBandwidth = i.AverageBandwidth,
            Codecs = i.Codecs,
            Playlist = Relative(package.OutputPath, i.PlaylistPath),
            FrameCount = i.FrameCount,
        }).ToList();
        Downloads = package.Downloads is not { } d ? null : new ManifestDownloads
        {
            Mp4 = Relative(package.OutputPath, d.VideoPath),
            M4a = d.AudioPath is null ? null : Relative(package.OutputPath, d.AudioPath),
        };
        Poster = package.Poster is not { } p ? null : new ManifestPoster
        {
            Path = Relative(package.OutputPath, p.Path),
            Width = p.Width,
            Height = p.Height,
            TimeSeconds = p.Time.TotalSeconds,
            RequestedSeconds = p.RequestedTime?.TotalSeconds,
        };
        Storyboard = package.Storyboard is not { } s ? null : new ManifestStoryboard
        {
            Vtt = Relative(package.OutputPath, s.VttPath),
            Sheets = s.SheetPaths.Select(sheet => Relative(package.OutputPath, sheet)).ToList(),
            TileCount = s.TileCount,
            TileWidth = s.TileWidth,
            TileHeight = s.TileHeight,
            Columns = s.Columns,
            Rows = s.Rows,
            IntervalSeconds = s.Interval.TotalSeconds,
        };
        Loudness = package.Loudness is not { } l ? null : new ManifestLoudness
        {
            IntegratedLoudness = l.IntegratedLoudness,
            LoudnessRange = l.LoudnessRange,
            TruePeak = l.TruePeak,
            Threshold = l.Threshold,
            Target = l.Target,
            Gain = l.Gain,
            TruePeakCeiling = l.TruePeakCeiling,
        };
    }

    /// <summary>The package as it lies in <paramref name="folder"/>, wherever it was encoded.</summary>
    public HlsPackage ToPackage(string folder)
    {
        var renditions = Renditions.Select(r => new HlsRendition(
            r.Name, r.Width, r.Height, r.Bandwidth, r.AverageBandwidth, r.Codecs, r.FrameRate,
            Absolute(folder, r.Playlist), r.SegmentCount, r.HasAudio)).ToArray();
        var transcript = Transcript is not { } t ? null : new Transcript
        {
            Language = t.Language,
            Model = t.Model,
            SegmentCount = t.SegmentCount,
            Duration = TimeSpan.FromSeconds(t.DurationSeconds),
            SkippedSilence = TimeSpan.FromSeconds(t.SkippedSilenceSeconds),
            SrtPath = Absolute(folder, t.Srt),
            VttPath = Absolute(folder, t.Vtt),
            TxtPath = Absolute(folder, t.Txt),
            JsonPath = Absolute(folder, t.Json),
            SubtitlePlaylistPath = t.SubtitlePlaylist is null ? null : Absolute(folder, t.SubtitlePlaylist),
        };
        var iFramePlaylists = (IFramePlaylists ?? []).Select(i => new HlsIFramePlaylist(
            i.Name, i.Width, i.Height, i.Bandwidth, i.AverageBandwidth, i.Codecs, Absolute(folder, i.Playlist), i.FrameCount)).ToArray();
        var downloads = Downloads is not { } d ? null : new HlsDownloads(Absolute(folder, d.Mp4), d.M4a is null ? null : Absolute(folder, d.M4a));
        var poster = Poster is not { } p ? null : new HlsPoster(
            Absolute(folder, p.Path), p.Width, p.Height, TimeSpan.FromSeconds(p.TimeSeconds), p.RequestedSeconds is { } requested ? TimeSpan.FromSeconds(requested) : null);
        var storyboard = Storyboard is not { } s ? null : new HlsStoryboard(
            Absolute(folder, s.Vtt), s.Sheets.Select(sheet => Absolute(folder, sheet)).ToArray(), s.TileCount, s.TileWidth, s.TileHeight, s.Columns, s.Rows, TimeSpan.FromSeconds(s.IntervalSeconds));
        var loudness = Loudness is not { } l ? null : new HlsLoudness(l.IntegratedLoudness, l.LoudnessRange, l.TruePeak, l.Threshold, l.Target, l.Gain, l.TruePeakCeiling);
        return new HlsPackage(Source.Path, folder, TimeSpan.FromSeconds(DurationSeconds), renditions, TimeSpan.FromSeconds(SegmentDurationSeconds), transcript,
            contentHash: Source.Sha256, iFramePlaylists: iFramePlaylists, downloads: downloads, poster: poster, storyboard: storyboard, loudness: loudness);
    }

    /// <summary>The source's SHA-256 that the manifest in <paramref name="folder"/> records for <paramref name="source"/> as it is now; null when it records none, or for another file.</summary>
    public static string? TryReadSourceHash(string folder, SourceFingerprint source) =>
        ManifestFile.TryRead(Path.Combine(folder, FileName)) is { } manifest && manifest.SourceFingerprint.Matches(source) ? manifest.Source.Sha256 : null;

    public void Write(string folder) => ManifestFile.Write(Path.Combine(folder, FileName), this);

    /// <exception cref="HlsEncoderException">NotAnHlsPackage: the file is not a manifest, or of another version.</exception>
    /// <exception cref="IOException">The file is missing or cannot be opened.</exception>
    public static PackageManifest Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        return ManifestFile.Read(path, (problem, cause) => NotAPackage(folder, problem, cause))
            ?? throw new FileNotFoundException($"{path} does not exist.", path);
    }

    /// <summary>A manifest of another version (no cause) was written by another HlsEncoder, which can still read it.</summary>
    private static HlsEncoderException NotAPackage(string folder, string problem, Exception? cause) =>
        HlsPackageReader.NotAPackage(folder, $"its {FileName} {problem}{(cause is null ? " (encode it again, or use the HlsEncoder that wrote it)" : string.Empty)}", cause);

    private static string Relative(string folder, string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return path;
        }

        var relative = Path.GetRelativePath(folder, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }

    private static string Absolute(string folder, string path) =>
        string.IsNullOrEmpty(path) ? path : Path.GetFullPath(Path.Combine(folder, path.Replace('/', Path.DirectorySeparatorChar)));
}

internal sealed class ManifestSource
{
    public string Path { get; set; } = string.Empty;

    public long Size { get; set; }

    public DateTime LastWriteTimeUtc { get; set; }

    /// <summary>The SHA-256 of the source's bytes (hex): the content part of its S3 folder's name. Absent in packages of HlsEncoder 0.1.</summary>
    public string? Sha256 { get; set; }
}

internal sealed class ManifestSettings
{
    public List<string> Qualities { get; set; } = [];

    public int SegmentDurationSeconds { get; set; }

    public string Preset { get; set; } = string.Empty;

    public int Recipe { get; set; }

    /// <summary>The loudness target in LUFS when the sound was normalized; absent (null) when it was not, as in packages made before normalization existed.</summary>
    public double? LoudnessTarget { get; set; }
}

internal sealed class ManifestRendition
{
    public string Name { get; set; } = string.Empty;

    public int Width { get; set; }

    public int Height { get; set; }

    public long Bandwidth { get; set; }

    public long AverageBandwidth { get; set; }

    public string Codecs { get; set; } = string.Empty;

    public double FrameRate { get; set; }

    public string Playlist { get; set; } = string.Empty;

    public int SegmentCount { get; set; }

    public bool HasAudio { get; set; }
}

internal sealed class ManifestTranscript
{
    public string Language { get; set; } = string.Empty;

    public string Model { get; set; } = string.Empty;

    public int SegmentCount { get; set; }

    public double DurationSeconds { get; set; }

    public double SkippedSilenceSeconds { get; set; }

    public string Srt { get; set; } = string.Empty;

    public string Vtt { get; set; } = string.Empty;

    public string Txt { get; set; } = string.Empty;

    public string Json { get; set; } = string.Empty;

    public string? SubtitlePlaylist { get; set; }
}

internal sealed class ManifestIFramePlaylist
{
    public string Name { get; set; } = string.Empty;

    public int Width { get; set; }

    public int Height { get; set; }

    public long Bandwidth { get; set; }

    public long AverageBandwidth { get; set; }

    public string Codecs { get; set; } = string.Empty;

    public string Playlist { get; set; } = string.Empty;

    public int FrameCount { get; set; }
}

internal sealed class ManifestDownloads
{
    public string Mp4 { get; set; } = string.Empty;

    public string? M4a { get; set; }
}

internal sealed class ManifestPoster
{
    public string Path { get; set; } = string.Empty;

    public int Width { get; set; }

    public int Height { get; set; }

    public double TimeSeconds { get; set; }

    /// <summary>The -PosterTime it was made for; absent when the rule chose the time.</summary>
    public double? RequestedSeconds { get; set; }
}

internal sealed class ManifestStoryboard
{
    public string Vtt { get; set; } = string.Empty;

    public List<string> Sheets { get; set; } = [];

    public int TileCount { get; set; }

    public int TileWidth { get; set; }

    public int TileHeight { get; set; }

    public int Columns { get; set; }

    public int Rows { get; set; }

    public double IntervalSeconds { get; set; }
}

internal sealed class ManifestLoudness
{
    public double IntegratedLoudness { get; set; }

    public double LoudnessRange { get; set; }

    public double TruePeak { get; set; }

    public double Threshold { get; set; }

    public double? Target { get; set; }

    public double Gain { get; set; }

    public double? TruePeakCeiling { get; set; }
}
