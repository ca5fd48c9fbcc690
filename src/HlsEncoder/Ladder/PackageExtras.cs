using System.Globalization;
using HlsEncoder.ExternalTools;
using HlsEncoder.Packaging;

namespace HlsEncoder.Ladder;

/// <summary>What a package holds besides its ladder, as asked for: I-frame playlists, downloads, poster (at a time, or chosen), storyboard.</summary>
internal readonly record struct ExtrasRequest(bool IFramePlaylists, bool Downloads, bool Poster = true, TimeSpan? PosterTime = null, bool Storyboard = true);

/// <summary>
/// The files a package derives from its own segments, never from the source: I-frame playlists, the
/// downloads, the poster and the storyboard. A fresh encode makes the ones asked for in its staging folder; a package that is already up
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

        if (request.Poster)
        {
            package = package.WithPoster(await MakePosterAsync(package, folder, request.PosterTime, packageLock, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            log.Verbose($"No {HlsPoster.FileName} (-NoPoster).");
        }

        if (request.Storyboard)
        {
            package = package.WithStoryboard(await MakeStoryboardAsync(package, folder, packageLock, cancellationToken).ConfigureAwait(false));
        }
        else
        {
            log.Verbose("No storyboard (-NoStoryboard): players show no thumbnails while scrubbing.");
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

        if (request.Poster && (package.Poster is null || package.Poster.RequestedTime != request.PosterTime))
        {
            log.Verbose(package.Poster is null
                ? $"Adding {HlsPoster.FileName} to {folder} (its ladder is up to date)."
                : $"Taking {HlsPoster.FileName} again{(request.PosterTime is { } time ? $" at -PosterTime {time}" : " by the rule")}: it was {(package.Poster.RequestedTime is null ? "chosen by the rule" : $"taken at {package.Poster.RequestedTime}")}.");
            package = package.WithPoster(await MakePosterAsync(package, folder, request.PosterTime, packageLock, cancellationToken).ConfigureAwait(false));
            changed = true;
        }
        else if (!request.Poster && package.Poster is { } poster)
        {
            log.Verbose($"Removing {HlsPoster.FileName} from {folder} (-NoPoster).");
            stale.Add(poster.Path);
            package = package.WithPoster(null);
            changed = true;
        }

        if (request.Storyboard && package.Storyboard is null)
        {
            log.Verbose($"Adding a storyboard to {folder} (its ladder is up to date).");
            package = package.WithStoryboard(await MakeStoryboardAsync(package, folder, packageLock, cancellationToken).ConfigureAwait(false));
            changed = true;
        }
        else if (!request.Storyboard && package.Storyboard is { } storyboard)
        {
            log.Verbose($"Removing the storyboard from {folder} (-NoStoryboard).");
            stale.Add(storyboard.VttPath);
            stale.AddRange(storyboard.SheetPaths);
            package = package.WithStoryboard(null);
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

        var storyboardFolder = Path.Combine(folder, HlsStoryboard.FolderName);
        if (package.Storyboard is null && Directory.Exists(storyboardFolder) && !Directory.EnumerateFileSystemEntries(storyboardFolder).Any())
        {
            Directory.Delete(storyboardFolder);
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
        var (downloads, seconds) = await TrackedAsync(packageLock, track => DownloadRemuxer.RemuxAsync(tools, folder, package, track, log, cancellationToken)).ConfigureAwait(false);
        var top = package.Renditions[0];
        log.Verbose(downloads.AudioPath is null
            ? $"Wrote {HlsDownloads.VideoFileName} ({top.Name}, remuxed in {seconds} s); no {HlsDownloads.AudioFileName}: the source has no sound."
            : $"Wrote {HlsDownloads.VideoFileName} ({top.Name}) and {HlsDownloads.AudioFileName}, remuxed in {seconds} s.");
        return downloads;
    }

    private async Task<HlsPoster> MakePosterAsync(HlsPackage package, string folder, TimeSpan? posterTime, PackageLock packageLock, CancellationToken cancellationToken)
    {
        if (posterTime is { } asked && PosterTimeRule.Check(asked, package.Duration) is { } problem)
        {
            throw new HlsEncoderException("InvalidPosterTime", FailureKind.InvalidArgument, problem, package.OutputPath);
        }

        var (poster, seconds) = await TrackedAsync(packageLock, track => PosterMaker.MakeAsync(tools, folder, package, posterTime, track, log, cancellationToken)).ConfigureAwait(false);
        var at = poster.Time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        log.Verbose(posterTime is null
            ? $"Wrote {HlsPoster.FileName} ({poster.Width}x{poster.Height}, the frame at {at} s: the first of 10 %, 25 %, 50 % that is neither near-black nor flat) in {seconds} s."
            : $"Wrote {HlsPoster.FileName} ({poster.Width}x{poster.Height}, the frame at -PosterTime {at} s) in {seconds} s.");
        return poster;
    }

    private async Task<HlsStoryboard> MakeStoryboardAsync(HlsPackage package, string folder, PackageLock packageLock, CancellationToken cancellationToken)
    {
        var (storyboard, seconds) = await TrackedAsync(packageLock, track => StoryboardMaker.MakeAsync(tools, folder, package, track, log, cancellationToken)).ConfigureAwait(false);
        log.Verbose($"Wrote {HlsStoryboard.FolderName}/{HlsStoryboard.VttFileName}: {storyboard.TileCount} tiles of {storyboard.TileWidth}x{storyboard.TileHeight}, one every {storyboard.Interval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s, in {storyboard.SheetCount} sheet{(storyboard.SheetCount == 1 ? string.Empty : "s")} of {storyboard.Columns}x{storyboard.Rows}, made in {seconds} s.");
        return storyboard;
    }

    private static IEnumerable<string> Names(HlsDownloads downloads) =>
        new[] { downloads.VideoPath, downloads.AudioPath }.OfType<string>().Select(Path.GetFileName).OfType<string>();

    /// <summary>
    /// Runs one ffmpeg step with its process recorded in the package lock (so that a later run can stop it if
    /// this one dies), and says how long it took, in seconds for the verbose log.
    /// </summary>
    private async Task<(T Made, string Seconds)> TrackedAsync<T>(PackageLock packageLock, Func<Action<ProcessIdentity>, Task<T>> step)
    {
        var started = time.GetTimestamp();
        try
        {
            var made = await step(packageLock.Track).ConfigureAwait(false);
            return (made, time.GetElapsedTime(started).TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture));
        }
        finally
        {
            packageLock.Untrack();
        }
    }
}
