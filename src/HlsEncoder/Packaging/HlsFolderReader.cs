namespace HlsEncoder.Packaging;

/// <summary>
/// Reads an HLS folder that another tool wrote (plain ffmpeg, an older converter, AWS MediaConvert),
/// which has no .hlsencoder-package.json to say what it holds: the facts HlsEncoder records for its own
/// packages are measured from the playlists instead, so such a folder uploads like one of ours.
/// </summary>
internal static class HlsFolderReader
{
    /// <summary>
    /// Finds the folder's master playlist, checks that every file it leads to is there and finished, and
    /// rebuilds the package from them. The package's content hash covers the playlists and the sizes of
    /// the other files.
    /// </summary>
    /// <exception cref="HlsEncoderException">ErrorId "NotAnHlsPackage" when the folder does not exist, has no (or several) master playlists, or is incomplete; the message lists every problem.</exception>
    public static HlsPackage Read(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (!Directory.Exists(full))
        {
            throw new HlsEncoderException("NotAnHlsPackage", FailureKind.InvalidData,
                $"{full} is not an HLS package: it does not exist. Name the folder that holds the master playlist.", full);
        }

        var inventory = PackageInventory.Take(full, MasterPlaylistLocator.Find(full));
        var master = inventory.Master;
        var names = QualityNames.Assign(master.Variants.Select(v => (inventory.PlaylistOf(v.Uri), v.Resolution?.Height ?? 0)).ToArray());
        var renditions = master.Variants.Select((variant, i) => new HlsRendition(
            names[i],
            variant.Resolution?.Width ?? 0,
            variant.Resolution?.Height ?? 0,
            variant.Bandwidth,
            variant.AverageBandwidth ?? variant.Bandwidth,
            variant.Codecs ?? string.Empty,
            variant.FrameRate ?? 0,
            inventory.FullPath(inventory.PlaylistOf(variant.Uri)),
            inventory.MediaPlaylistOf(variant.Uri).Segments.Count,
            HasAudio(variant))).ToArray();

        var first = inventory.MediaPlaylistOf(master.Variants[0].Uri);
        var transcript = TranscriptOf(inventory);
        var downloads = DownloadsOf(full);
        // The hash covers what it covered before downloads were read, so that a folder keeps its keys.
        var files = inventory.Files.Concat(TranscriptFiles(transcript).Select(path => Path.GetRelativePath(full, path).Replace(Path.DirectorySeparatorChar, '/')));
        return new HlsPackage(
            sourcePath: string.Empty,
            outputPath: full,
            first.Duration,
            renditions,
            TimeSpan.FromSeconds(first.TargetDurationSeconds),
            transcript,
            masterPlaylist: inventory.MasterPath,
            contentHash: ContentHash.OfPackageFiles(full, files),
            iFramePlaylists: IFramePlaylistsOf(inventory, renditions),
            downloads: downloads,
            poster: PosterOf(full),
            storyboard: StoryboardOf(full));
    }

    /// <summary>poster.jpg at the folder's top level, as HlsEncoder leaves it; its size and time are not measured (0).</summary>
    private static HlsPoster? PosterOf(string folder)
    {
        var path = Path.Combine(folder, HlsPoster.FileName);
        return File.Exists(path) ? new HlsPoster(path, 0, 0, TimeSpan.Zero, null) : null;
    }

    /// <summary>
    /// storyboard/thumbnails.vtt and the sheets its cues name, as HlsEncoder leaves them, so that the File
    /// record names it as thumbnails; never a transcript, whose files are transcript.* at the top level.
    /// A vtt whose sheets are not all beside it is left alone (its files are still uploaded).
    /// </summary>
    private static HlsStoryboard? StoryboardOf(string folder)
    {
        var vtt = Path.Combine(folder, HlsStoryboard.FolderName, HlsStoryboard.VttFileName);
        if (!File.Exists(vtt))
        {
            return null;
        }

        var targets = File.ReadLines(vtt)
            .Select(line => line.Trim())
            .Where(line => line.Contains("#xywh=", StringComparison.Ordinal))
            .Select(line => (Sheet: line[..line.IndexOf('#', StringComparison.Ordinal)], Box: line[(line.IndexOf('#', StringComparison.Ordinal) + 6)..].Split(',')))
            .ToArray();
        var sheets = targets.Select(t => t.Sheet).Distinct(StringComparer.Ordinal).Select(sheet => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(vtt)!, sheet))).ToArray();
        if (targets.Length == 0 || !sheets.All(File.Exists))
        {
            return null;
        }

        int Size(int index) => targets[0].Box.Length == 4 && int.TryParse(targets[0].Box[index], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
        return new HlsStoryboard(vtt, sheets, targets.Length, Size(2), Size(3), columns: 0, rows: 0, TimeSpan.Zero);
    }

    /// <summary>
    /// The folder's I-frame playlists, so that re-writing its master playlist (transcription adds subtitles)
    /// keeps them. Each is named after the variant in the same folder, else the one of the same size.
    /// </summary>
    private static HlsIFramePlaylist[] IFramePlaylistsOf(PackageInventory inventory, IReadOnlyList<HlsRendition> renditions) =>
        inventory.Master.IFrameStreams.Select((stream, i) =>
        {
            var path = inventory.FullPath(inventory.PlaylistOf(stream.Uri));
            var folder = Path.GetDirectoryName(path);
            var (width, height) = stream.Resolution ?? (0, 0);
            var name = renditions.FirstOrDefault(r => Path.GetDirectoryName(r.PlaylistPath) == folder)?.Name
                ?? renditions.FirstOrDefault(r => height > 0 && r.Width == width && r.Height == height)?.Name
                ?? (height > 0 ? $"{height}p" : $"iframes{i + 1}");
            return new HlsIFramePlaylist(name, width, height, stream.Bandwidth, stream.AverageBandwidth ?? stream.Bandwidth, stream.Codecs ?? string.Empty, path, frameCount: 0);
        }).ToArray();

    /// <summary>download.mp4 and audio.m4a at the folder's top level, when a converter (or HlsEncoder -Download) left them there.</summary>
    private static HlsDownloads? DownloadsOf(string folder)
    {
        var video = Path.Combine(folder, HlsDownloads.VideoFileName);
        var audio = Path.Combine(folder, HlsDownloads.AudioFileName);
        return File.Exists(video) ? new HlsDownloads(video, File.Exists(audio) ? audio : null) : null;
    }

    /// <summary>
    /// Whether a variant carries sound: its CODECS name an audio codec, or it refers to an audio group.
    /// A variant whose CODECS name only video has none; one without CODECS may have, and transcription
    /// would rather try than refuse a lecture with sound.
    /// </summary>
    private static bool HasAudio(VariantStream variant) =>
        variant.AudioGroup is not null
        || variant.Codecs is null
        || CodecList.NamesAudio(variant.Codecs);

    /// <summary>The transcript files HlsEncoder itself leaves at a package's top level, when some are there (a converter may have made them too).</summary>
    private static Transcript? TranscriptOf(PackageInventory inventory)
    {
        string Existing(string extension)
        {
            var path = Path.Combine(inventory.Folder, $"transcript.{extension}");
            return File.Exists(path) ? path : string.Empty;
        }

        var (srt, vtt, txt, json) = (Existing("srt"), Existing("vtt"), Existing("txt"), Existing("json"));
        if ((srt + vtt + txt + json).Length == 0)
        {
            return null;
        }

        var subtitles = inventory.Master.Media.Where(m => m.Type == "SUBTITLES").ToArray();
        var playlist = subtitles.FirstOrDefault(m => m.Uri is not null);
        return new Transcript
        {
            Language = subtitles.Select(m => m.Language).FirstOrDefault(language => !string.IsNullOrEmpty(language)) ?? string.Empty,
            SrtPath = srt,
            VttPath = vtt,
            TxtPath = txt,
            JsonPath = json,
            SubtitlePlaylistPath = playlist is null ? null : inventory.FullPath(inventory.PlaylistOf(playlist.Uri!)),
        };
    }

    private static IEnumerable<string> TranscriptFiles(Transcript? transcript) =>
        transcript is null ? [] : new[] { transcript.SrtPath, transcript.VttPath, transcript.TxtPath, transcript.JsonPath }.Where(path => path.Length > 0);
}
