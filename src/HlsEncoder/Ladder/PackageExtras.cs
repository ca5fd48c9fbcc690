using System.Globalization;
using HlsEncoder.ExternalTools;
using HlsEncoder.Packaging;

namespace HlsEncoder.Ladder;

/// <summary>What a package holds besides its ladder, as asked for: I-frame playlists, downloads.</summary>
internal readonly record struct ExtrasRequest(bool IFramePlaylists, bool Downloads);

/// <summary>
/// The files a package derives from its own segments, never from the source: I-frame playlists and the
/// downloads. A fresh encode makes the ones asked for in its staging folder; a package that is already up
/// to date is brought in line with what this run asks for in place (added or removed, master.m3u8 and the
/// manifest rewritten), so turning one on or off never costs a new encode.
/// </summary>
internal sealed class PackageExtras(FfmpegTools tools, IOperationLog log, TimeProvider time)
{
    /// <summary>Makes the extras asked for in <paramref name="folder"/>, where a new package is staged; the caller writes master.m3u8 afterwards.</summary>
    public async Task<HlsPackage> AddAsync(HlsPackage package, string folder, ExtrasRequest request, PackageLock packageLock, CancellationToken cancellationToken)
    {
        if (request.IFramePlaylists)
        {
            package = package.WithIFramePlaylists(await BuildIFramePlaylistsAsync(package, folder, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            log.Verbose("No I-frame playlists (-NoIFramePlaylist): players cannot show pictures while scrubbing.");
        }

        if (request.Downloads)
        {
            package = package.WithDownloads(await RemuxAsync(package, folder, packageLock, cancellationToken).ConfigureAwait(false));
        }

        return package;
    }

    /// <summary>Adds or removes extras of the finished package in place, so that it holds what <paramref name="request"/> asks for.</summary>
    public async Task<HlsPackage> ReconcileAsync(HlsPackage package, ExtrasRequest request, PackageLock packageLock, CancellationToken cancellationToken)
    {
        var folder = package.OutputPath;
        var hasIFrames = package.IFramePlaylists.Count > 0;
        var complete = package.IFramePlaylists.Select(i => i.Name).Order(StringComparer.Ordinal).SequenceEqual(package.Qualities.Order(StringComparer.Ordinal));
        var stale = new List<string>();
        var masterChanged = false;
        if (request.IFramePlaylists && !complete)
        {
            log.Verbose($"Adding I-frame playlists to {folder} (its ladder is up to date).");
            package = package.WithIFramePlaylists(await BuildIFramePlaylistsAsync(package, folder, cancellationToken).ConfigureAwait(false));
            masterChanged = true;
        }
        else if (!request.IFramePlaylists && hasIFrames)
        {
            log.Verbose($"Removing the I-frame playlists from {folder} (-NoIFramePlaylist).");
            stale.AddRange(package.IFramePlaylists.Select(i => i.PlaylistPath));
            package = package.WithIFramePlaylists([]);
            masterChanged = true;
        }

        var changed = masterChanged;
        if (request.Downloads && package.Downloads is null)
        {
            package = package.WithDownloads(await RemuxAsync(package, folder, packageLock, cancellationToken).ConfigureAwait(false));
            changed = true;
        }
        else if (!request.Downloads && package.Downloads is { } downloads)
        {
            log.Verbose($"Removing {string.Join(" and ", Names(downloads))} from {folder}: -Download was not given.");
            stale.AddRange(new[] { downloads.VideoPath, downloads.AudioPath }.OfType<string>());
            package = package.WithDownloads(null);
            changed = true;
        }

        if (!changed)
        {
            return package;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (masterChanged)
        {
            // The master playlist is written anew from the package; its subtitles group, which transcription added, is kept as it is.
            var subtitles = MasterPlaylist.Read(package.MasterPlaylist).SubtitleTracks();
            new MasterPlaylistWriter().Write(package, subtitles);
        }

        HlsPackageWriter.SaveManifest(package);
        foreach (var file in stale)
        {
            File.Delete(file);
        }

        return package;
    }

    private async Task<IReadOnlyList<HlsIFramePlaylist>> BuildIFramePlaylistsAsync(HlsPackage package, string folder, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var built = new List<HlsIFramePlaylist>();
        foreach (var rendition in package.Renditions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var renditionFolder = Path.Combine(folder, Path.GetRelativePath(package.OutputPath, Path.GetDirectoryName(rendition.PlaylistPath)!));
            built.Add(await IFramePlaylistBuilder.BuildAsync(tools, renditionFolder, rendition, cancellationToken).ConfigureAwait(false));
        }

        var seconds = time.GetElapsedTime(started).TotalSeconds;
        log.Verbose($"Wrote I-frame playlists in {seconds.ToString("0.00", CultureInfo.InvariantCulture)} s: {string.Join(", ", built.Select(i => $"{i.Name} {i.FrameCount} I-frames, {i.Bandwidth / 1000} kb/s peak"))}.");
        return built;
    }

    private async Task<HlsDownloads> RemuxAsync(HlsPackage package, string folder, PackageLock packageLock, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        HlsDownloads downloads;
        try
        {
            downloads = await DownloadRemuxer.RemuxAsync(tools, folder, package, packageLock.Track, log, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            packageLock.Untrack();
        }

        var seconds = time.GetElapsedTime(started).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var top = package.Renditions[0];
        log.Verbose(downloads.AudioPath is null
            ? $"Wrote {HlsDownloads.VideoFileName} ({top.Name}, remuxed in {seconds} s); no {HlsDownloads.AudioFileName}: the source has no sound."
            : $"Wrote {HlsDownloads.VideoFileName} ({top.Name}) and {HlsDownloads.AudioFileName}, remuxed in {seconds} s.");
        return downloads;
    }

    private static IEnumerable<string> Names(HlsDownloads downloads) =>
        new[] { downloads.VideoPath, downloads.AudioPath }.OfType<string>().Select(Path.GetFileName).OfType<string>();
}
