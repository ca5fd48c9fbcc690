namespace HlsEncoder.Packaging;

/// <summary>
/// Reads an HLS folder that another tool wrote (plain ffmpeg, an older converter, AWS MediaConvert),
/// which has no .hlsencoder-package.json to say what it holds: the facts HlsEncoder records for its own
/// packages are measured from the playlists instead, so such a folder uploads like one of ours.
/// </summary>
internal static class HlsFolderReader
{
    private static readonly string[] AudioCodecs = ["mp4a", "ac-3", "ec-3", "opus", "flac"];

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
        var files = inventory.Files.Concat(TranscriptFiles(transcript).Select(path => Path.GetRelativePath(full, path).Replace(Path.DirectorySeparatorChar, '/')));
        return new HlsPackage(
            sourcePath: string.Empty,
            outputPath: full,
            first.Duration,
            renditions,
            TimeSpan.FromSeconds(first.TargetDurationSeconds),
            transcript,
            masterPlaylist: inventory.MasterPath,
            contentHash: ContentHash.OfPackageFiles(full, files));
    }

    /// <summary>
    /// Whether a variant carries sound: its CODECS name an audio codec, or it refers to an audio group.
    /// A variant whose CODECS name only video has none; one without CODECS may have, and transcription
    /// would rather try than refuse a lecture with sound.
    /// </summary>
    private static bool HasAudio(VariantStream variant) =>
        variant.AudioGroup is not null
        || variant.Codecs is null
        || variant.Codecs.Split(',').Any(codec => AudioCodecs.Any(audio => codec.Trim().StartsWith(audio, StringComparison.OrdinalIgnoreCase)));

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
