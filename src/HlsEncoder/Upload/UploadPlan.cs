using HlsEncoder.Backend;
using HlsEncoder.Packaging;
using HlsEncoder.Validation;

namespace HlsEncoder.Upload;

/// <summary>
/// Every file of a package folder with its key under the target's prefix and its Content-Type, checked
/// before any request: an unknown extension stops the plan.
/// </summary>
public sealed class UploadPlan
{
    private static readonly string[] TranscriptFormats = ["srt", "vtt", "txt", "json"];

    private UploadPlan(HlsPackage package, PublishTarget target, IReadOnlyList<UploadItem> items)
    {
        Package = package;
        Target = target;
        Items = items;
    }

    public HlsPackage Package { get; }

    public PublishTarget Target { get; }

    /// <summary>The files in upload order: by stage, then by path.</summary>
    public IReadOnlyList<UploadItem> Items { get; }

    public long TotalBytes => Items.Sum(i => i.Size);

    public static UploadPlan Create(HlsPackage package, PublishTarget target)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(target);
        var folder = Path.GetFullPath(package.OutputPath);
        var master = MasterOf(package);
        var items = new List<UploadItem>();
        var unknown = new List<string>();
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (IsBookkeeping(relative))
            {
                continue;
            }

            var contentType = ContentTypeMap.Find(file.Name);
            if (contentType is null)
            {
                unknown.Add(relative);
                continue;
            }

            items.Add(new UploadItem(file.FullName, relative, target.Prefix + relative, contentType, file.Length, file.LastWriteTimeUtc, StageOf(relative, master)));
        }

        if (unknown.Count > 0)
        {
            throw new HlsEncoderException(
                "UnknownContentType", FailureKind.InvalidData,
                $"{package.OutputPath} holds files the platform has no Content-Type for: {string.Join(", ", unknown.Take(10))}{(unknown.Count > 10 ? $" and {unknown.Count - 10} more" : string.Empty)}. " +
                $"Only {string.Join(", ", ContentTypeMap.Extensions)} are uploaded; move the other files out of the package folder.",
                package.OutputPath);
        }

        if (!items.Any(i => i.Stage == UploadStage.Master))
        {
            throw new HlsEncoderException("NotAnHlsPackage", FailureKind.InvalidData, $"{package.OutputPath} has no {MasterOf(package)}.", package.OutputPath);
        }

        return new UploadPlan(package, target, items.OrderBy(i => i.Stage).ThenBy(i => i.RelativePath, StringComparer.Ordinal).ToArray());
    }

    /// <summary>The keys in the File record's s3Keys shape: master, one playlist per quality, the transcript files, the I-frame playlists, the downloads, the poster and the storyboard's thumbnails.vtt.</summary>
    public S3KeySet KeySet()
    {
        var folder = Path.GetFullPath(Package.OutputPath);
        string KeyOf(string path) => Target.Prefix + Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
        var planned = Items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var transcript = TranscriptFormats
            .Select(format => (format, key: $"{Target.Prefix}transcript.{format}"))
            .Where(t => planned.Contains(t.key))
            .ToDictionary(t => t.format, t => t.key);
        var iFrames = Package.IFramePlaylists
            .Select(i => (i.Name, Key: KeyOf(i.PlaylistPath)))
            .Where(i => planned.Contains(i.Key))
            .DistinctBy(i => i.Name, StringComparer.Ordinal)
            .ToDictionary(i => i.Name, i => i.Key, StringComparer.Ordinal);
        var downloads = new[] { ("mp4", Package.Downloads?.VideoPath), ("m4a", Package.Downloads?.AudioPath) }
            .Where(d => d.Item2 is not null && planned.Contains(KeyOf(d.Item2)))
            .ToDictionary(d => d.Item1, d => KeyOf(d.Item2!), StringComparer.Ordinal);
        var poster = Package.Poster is { } p && planned.Contains(KeyOf(p.Path)) ? KeyOf(p.Path) : null;
        var thumbnails = Package.Storyboard is { } s && planned.Contains(KeyOf(s.VttPath)) ? KeyOf(s.VttPath) : null;
        return new S3KeySet
        {
            Master = Target.Prefix + MasterOf(Package),
            Qualities = Package.Renditions.ToDictionary(r => r.Name, r => KeyOf(r.PlaylistPath)),
            Transcript = transcript.Count > 0 ? transcript : null,
            IFrames = iFrames.Count > 0 ? iFrames : null,
            Downloads = downloads.Count > 0 ? downloads : null,
            Poster = poster,
            Thumbnails = thumbnails,
        };
    }

    /// <summary>HlsEncoder's own state files (dot files) and leftovers of interrupted atomic writes are not part of the package.</summary>
    private static bool IsBookkeeping(string relative) =>
        relative.Split('/').Any(part => part.StartsWith('.')) || relative.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase);

    /// <summary>The master playlist's path inside the package: master.m3u8, or whatever another tool named it.</summary>
    private static string MasterOf(HlsPackage package) =>
        Path.GetRelativePath(Path.GetFullPath(package.OutputPath), package.MasterPlaylist).Replace(Path.DirectorySeparatorChar, '/');

    private static UploadStage StageOf(string relative, string master) =>
        relative == master ? UploadStage.Master
        : relative.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase) ? UploadStage.Playlists
        : UploadStage.Media;
}
