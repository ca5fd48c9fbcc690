using System.Globalization;
using HlsEncoder.ExternalTools;
using HlsEncoder.Packaging;

namespace HlsEncoder.Ladder;

/// <summary>
/// Encodes one source video into an HLS package: probe, plan the ladder, run one ffmpeg for every rung,
/// measure what it wrote, write master.m3u8 and the manifest, and move the package into place.
/// </summary>
public sealed class HlsLadderEncoder
{
    private readonly IOperationLog _log;
    private readonly TimeProvider _time;

    public HlsLadderEncoder(IOperationLog? log = null, TimeProvider? timeProvider = null)
    {
        _log = log ?? NullOperationLog.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    public async Task<HlsPackage> EncodeAsync(EncodeRequest request, IProgress<MediaProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var qualities = QualityLevel.Resolve(request.Qualities);
        if (SegmentDurationRule.Check(request.SegmentDuration) is { } durationProblem)
        {
            throw new HlsEncoderException("InvalidSegmentDuration", FailureKind.InvalidArgument, durationProblem, request.SegmentDuration);
        }

        if (request.PosterTime is { } posterTime && PosterTimeRule.Check(posterTime, null) is { } posterProblem)
        {
            throw new HlsEncoderException("InvalidPosterTime", FailureKind.InvalidArgument, posterProblem, request.PosterTime);
        }

        var preset = X264Preset.Normalize(request.Preset);
        var settings = EncodeSettings.From(qualities, request.SegmentDuration, preset, LoudnessNormalization.SettingFor(request.NormalizeLoudness));
        var sourceFile = SourceFile.Require(Path.GetFullPath(request.SourcePath));
        var fingerprint = SourceFingerprint.Of(sourceFile);
        var outputPath = request.ResolveOutputPath();
        using var packageLock = PackageLock.Hold(outputPath, $"encoding {sourceFile.Name}", "PackageInProgress", _log, _time);
        PackageFolder.RemoveLeftovers(outputPath, _log);

        var extras = new ExtrasRequest(request.IFramePlaylists, request.Downloads, request.Poster, request.Poster ? request.PosterTime : null, request.Storyboard);
        if (await CheckExistingPackageAsync(outputPath, fingerprint, settings, request, cancellationToken).ConfigureAwait(false) is { } upToDate)
        {
            _log.Event("phase.end", ("phase", "encode"), ("source", sourceFile.FullName), ("package", outputPath), ("skipped", true));
            if (upToDate.ContentHash is null)
            {
                // A package of HlsEncoder 0.1 does not record its source's hash: add it, since the keys are named after it.
                upToDate = upToDate.WithContentHash(request.SourceHash ?? await ContentHash.OfFileAsync(sourceFile.FullName, cancellationToken).ConfigureAwait(false));
                HlsPackageWriter.SaveManifest(upToDate);
            }

            try
            {
                return await new PackageExtras(FfmpegLocator.Locate(request.FfmpegPath), _log, _time)
                    .ReconcileAsync(upToDate, extras, packageLock, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CannotWrite(outputPath, e);
            }
        }

        var sourceHash = request.SourceHash ?? await ContentHash.OfFileAsync(sourceFile.FullName, cancellationToken).ConfigureAwait(false);

        var tools = FfmpegLocator.Locate(request.FfmpegPath);
        _log.Debug($"ffmpeg: {tools.FfmpegPath}, ffprobe: {tools.FfprobePath}.");
        var source = await SourceProbe.ProbeAsync(tools, sourceFile.FullName, cancellationToken).ConfigureAwait(false);
        _log.Verbose($"Source {source.Path}: {source.Describe()}.");
        if (extras.PosterTime is { } time && PosterTimeRule.Check(time, source.Duration) is { } timeProblem)
        {
            // Checked against the source before the long encode; the package's own duration is checked again when the poster is made.
            throw new HlsEncoderException("InvalidPosterTime", FailureKind.InvalidArgument, timeProblem, sourceFile.FullName);
        }

        var plan = LadderPlanner.Plan(source, qualities, request.SegmentDuration, preset);
        foreach (var reason in plan.Dropped)
        {
            _log.Verbose(reason);
        }

        _log.Verbose($"Ladder at {plan.FrameRate.Value.ToString("0.###", CultureInfo.InvariantCulture)} fps constant, an IDR frame every {plan.KeyframeIntervalSeconds} s ({plan.GopFrames} frames), {plan.SegmentDuration.TotalSeconds} s segments, x264 preset {preset}:");
        foreach (var rung in plan.Renditions)
        {
            _log.Verbose($"  {rung.Describe()}");
        }

        var started = _time.GetTimestamp();
        // Measuring the sound is the encode's first step: its loudness event lies inside the encode phase.
        _log.Event("phase.start", ("phase", "encode"), ("source", sourceFile.FullName), ("package", outputPath), ("qualities", plan.Renditions.Select(r => r.Name).ToArray()));
        var loudness = await MeasureLoudnessAsync(tools, plan, request.NormalizeLoudness, progress, cancellationToken).ConfigureAwait(false);
        plan = plan with { Loudness = loudness };
        string staging;
        try
        {
            staging = PackageFolder.CreateStaging(outputPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(outputPath, e);
        }

        try
        {
            var encodeShare = loudness is null ? 0 : LoudnessShare;
            var package = (await EncodeIntoAsync(tools, plan, staging, outputPath, packageLock, extras, progress, encodeShare, cancellationToken).ConfigureAwait(false))
                .WithContentHash(sourceHash)
                .WithLoudness(loudness);
            PackageManifest.Create(package, fingerprint, settings.ToManifest(), _time.GetUtcNow()).Write(staging);
            cancellationToken.ThrowIfCancellationRequested();
            PackageFolder.Publish(staging, outputPath, _log);
            progress?.Report(new MediaProgress
            {
                SourcePath = source.Path,
                Duration = source.Duration,
                Processed = source.Duration,
                Percent = 100,
                Speed = _time.GetElapsedTime(started) is { Ticks: > 0 } elapsed ? source.Duration / elapsed : null,
                TimeLeft = TimeSpan.Zero,
            });
            _log.Verbose($"Wrote {package.MasterPlaylist} ({string.Join(", ", package.Renditions.Select(r => $"{r.Name} {r.Bandwidth / 1000} kb/s peak"))}).");
            _log.Event("phase.end", ("phase", "encode"), ("source", sourceFile.FullName), ("package", outputPath),
                ("seconds", Math.Round(_time.GetElapsedTime(started).TotalSeconds, 3)), ("mediaSeconds", Math.Round(package.Duration.TotalSeconds, 3)));
            return package;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(outputPath, e);
        }
        finally
        {
            PackageFolder.TryDelete(staging, _log);
        }
    }

    /// <summary>The part of the encode's progress bar that the loudness pass takes: decoding only the sound runs ~50x faster than the ladder.</summary>
    private const double LoudnessShare = 2;

    private const double PassShare = LoudnessShare / (1 + LoudnessNormalization.MaximumChecks);

    /// <summary>The first pass of loudness normalization; null when it is off or there is no sound to measure.</summary>
    private async Task<HlsLoudness?> MeasureLoudnessAsync(FfmpegTools tools, LadderPlan plan, bool normalize, IProgress<MediaProgress>? progress, CancellationToken cancellationToken)
    {
        if (!normalize)
        {
            _log.Verbose("Loudness: not measured or normalized (-NoLoudnessNormalization); the sound is encoded at its own level.");
            return null;
        }

        if (!plan.HasAudio)
        {
            _log.Verbose($"Loudness: {plan.Source.Path} has no sound; nothing to measure or normalize.");
            return null;
        }

        var source = plan.Source;
        var started = _time.GetTimestamp();
        progress?.Report(new MediaProgress { SourcePath = source.Path, Duration = source.Duration, Stage = "measuring loudness" });
        // The passes share the bar's first percents: the measurement, then the checks after limiting (when needed).
        Action<FfmpegProgressReport> ReportFrom(double offset) => report =>
        {
            if (progress is null || report.IsFinal)
            {
                return;
            }

            var processed = report.Processed < source.Duration ? report.Processed : source.Duration;
            progress.Report(new MediaProgress
            {
                SourcePath = source.Path,
                Duration = source.Duration,
                Processed = processed,
                Percent = offset + (source.Duration > TimeSpan.Zero ? processed / source.Duration * PassShare : 0),
                Speed = report.Speed,
                Stage = "measuring loudness",
            });
        };

        var measured = await LoudnessAnalyzer.MeasureAsync(tools, source, plan.AudioChannels, applied: null, ReportFrom(0), _log, cancellationToken).ConfigureAwait(false);
        var (loudness, reason) = LoudnessNormalization.Decide(measured, LoudnessNormalization.CeilingFor(plan));
        _log.Verbose(reason);
        // Each raise makes the limiter work harder and costs a little again: a few checks converge.
        for (var check = 1; check <= LoudnessNormalization.MaximumChecks && loudness.TruePeakCeiling is not null; check++)
        {
            var limited = await LoudnessAnalyzer.MeasureAsync(tools, source, plan.AudioChannels, loudness, ReportFrom(check * PassShare), _log, cancellationToken).ConfigureAwait(false);
            (loudness, var correction) = LoudnessNormalization.Correct(loudness, limited);
            if (correction is null)
            {
                break;
            }

            _log.Verbose(correction);
        }

        _log.Event("loudness", ("source", source.Path), ("seconds", Math.Round(_time.GetElapsedTime(started).TotalSeconds, 3)),
            ("integrated", loudness.IntegratedLoudness), ("range", loudness.LoudnessRange), ("truePeak", loudness.TruePeak),
            ("target", loudness.Target), ("gain", loudness.Gain), ("ceiling", loudness.TruePeakCeiling));
        return loudness;
    }

    private static HlsEncoderException CannotWrite(string outputPath, Exception e) =>
        new("OutputWriteFailed", e is UnauthorizedAccessException ? FailureKind.PermissionDenied : FailureKind.OperationFailed,
            $"The package could not be written to {outputPath}: {e.Message} Check that the folder above it is writable and has free space.", outputPath, e);

    /// <summary>Returns the package at <paramref name="outputPath"/> when it is up to date; throws when it is in the way.</summary>
    private async Task<HlsPackage?> CheckExistingPackageAsync(string outputPath, SourceFingerprint fingerprint, EncodeSettings settings, EncodeRequest request, CancellationToken cancellationToken)
    {
        var force = request.Force;
        switch (PackageFolder.Inspect(outputPath))
        {
            case OutputState.File or OutputState.OtherFolder:
                throw PackageFolder.OutputInUse(outputPath);
            case OutputState.Package:
                (PackageManifest Manifest, HlsPackage Package)? existing;
                try
                {
                    existing = HlsPackageReader.Load(outputPath);
                }
                catch (HlsEncoderException e) when (e.ErrorId == "NotAnHlsPackage")
                {
                    existing = null;
                    if (request.ReplaceStale)
                    {
                        _log.Verbose($"Replacing the incomplete package in {outputPath} ({e.Message}).");
                        return null;
                    }

                    if (!force)
                    {
                        throw new HlsEncoderException("PackageExists", FailureKind.ResourceExists,
                            $"{outputPath} holds an incomplete package ({e.Message}). Add -Force to replace it.", outputPath, e);
                    }
                }

                if (existing is { } found && !force)
                {
                    if (found.Manifest.SourceFingerprint.Matches(fingerprint) && EncodeSettings.From(found.Manifest.Settings).Matches(settings))
                    {
                        _log.Verbose($"Skipped {fingerprint.Path}: {outputPath} is already encoded from it with the same settings ({settings}). Add -Force to encode it again.");
                        return found.Package;
                    }

                    if (await SameContentAsync(found.Manifest, fingerprint, settings, request, cancellationToken).ConfigureAwait(false))
                    {
                        // A copy of the source (a scratch copy on a remote host, a file restored or moved): the package is its own.
                        _log.Verbose($"Skipped {fingerprint.Path}: {outputPath} is already encoded with the same settings from the same content (SHA-256 {found.Manifest.Source.Sha256![..10]}...), at {found.Manifest.Source.Path} then. Add -Force to encode it again.");
                        found.Manifest.Source = new ManifestSource { Path = fingerprint.Path, Size = fingerprint.Size, LastWriteTimeUtc = fingerprint.LastWriteTimeUtc, Sha256 = found.Manifest.Source.Sha256 };
                        found.Manifest.Write(outputPath);
                        return HlsPackageReader.Load(outputPath).Package;
                    }

                    if (request.ReplaceStale && HostPlatform.Current.PathEquals(found.Manifest.Source.Path, fingerprint.Path))
                    {
                        _log.Verbose($"Replacing the package in {outputPath}: it was {StaleReason(found.Manifest, fingerprint, settings)}.");
                        return null;
                    }

                    throw new HlsEncoderException("PackageExists", FailureKind.ResourceExists,
                        $"{outputPath} already holds a package {StaleReason(found.Manifest, fingerprint, settings)}. Add -Force to replace it.", outputPath);
                }

                _log.Verbose($"Replacing the package in {outputPath} (-Force).");
                return null;
            default:
                return null;
        }
    }


    /// <summary>Whether a package of the same settings was made from a file with these very bytes (its recorded SHA-256), wherever and whenever that file was.</summary>
    private static async Task<bool> SameContentAsync(PackageManifest manifest, SourceFingerprint fingerprint, EncodeSettings settings, EncodeRequest request, CancellationToken cancellationToken) =>
        manifest.Source.Sha256 is { } recorded
        && manifest.Source.Size == fingerprint.Size
        && EncodeSettings.From(manifest.Settings).Matches(settings)
        && string.Equals(recorded, request.SourceHash ?? await ContentHash.OfFileAsync(fingerprint.Path, cancellationToken).ConfigureAwait(false), StringComparison.OrdinalIgnoreCase);

    private static string StaleReason(PackageManifest manifest, SourceFingerprint fingerprint, EncodeSettings settings) =>
        !HostPlatform.Current.PathEquals(manifest.Source.Path, fingerprint.Path) ? $"made from another source ({manifest.Source.Path})"
        : !manifest.SourceFingerprint.Matches(fingerprint) ? "made from an earlier version of this source (its size or time changed)"
        : $"encoded with other settings ({EncodeSettings.From(manifest.Settings)}, not {settings})";

    private async Task<HlsPackage> EncodeIntoAsync(
        FfmpegTools tools, LadderPlan plan, string staging, string outputPath, PackageLock packageLock, ExtrasRequest extras, IProgress<MediaProgress>? progress, double percentBefore, CancellationToken cancellationToken)
    {
        var command = LadderCommand.Build(plan);
        var duration = plan.Source.Duration;
        var started = _time.GetTimestamp();
        progress?.Report(new MediaProgress { SourcePath = plan.Source.Path, Duration = duration, Percent = percentBefore });

        void Report(FfmpegProgressReport report)
        {
            if (progress is null || report.IsFinal)
            {
                return;
            }

            var processed = report.Processed < duration ? report.Processed : duration;
            var elapsed = _time.GetElapsedTime(started);
            var speed = report.Speed ?? (elapsed > TimeSpan.Zero && processed > TimeSpan.Zero ? processed / elapsed : null);
            progress.Report(new MediaProgress
            {
                SourcePath = plan.Source.Path,
                Duration = duration,
                Processed = processed,
                // The last few percent are measuring and moving the package; 100 % is reported when it is in place.
                Percent = Math.Min(99, percentBefore + (duration > TimeSpan.Zero ? processed / duration * (100 - percentBefore) : 0)),
                Speed = speed,
                TimeLeft = speed is > 0 ? (duration - processed) / speed.Value : null,
            });
        }

        HlsEncoderException Failed(int exitCode, string errors) => new("EncodeFailed", FailureKind.OperationFailed,
            $"ffmpeg failed (exit code {exitCode}) encoding {command.SourcePath}: {errors}. Run with -Verbose -Debug to see the command line and ffmpeg's output.",
            command.SourcePath);

        try
        {
            await FfmpegRunner.RunAsync(tools, command.AllArguments, staging, Report, packageLock.Track, Failed, _log, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // ffmpeg has ended, one way or another: nothing is left for a later run to stop.
            packageLock.Untrack();
        }

        var renditions = new List<HlsRendition>();
        foreach (var rung in plan.Renditions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var finalPlaylist = Path.Combine(outputPath, rung.Name, LadderCommand.PlaylistFileName);
            renditions.Add(await RenditionInspector.InspectAsync(tools, Path.Combine(staging, rung.Name), rung.Name, finalPlaylist, cancellationToken).ConfigureAwait(false));
        }

        var firstPlaylist = MediaPlaylist.Read(Path.Combine(staging, plan.Renditions[0].Name, LadderCommand.PlaylistFileName));
        var package = new HlsPackage(plan.Source.Path, outputPath, firstPlaylist.Duration, renditions, plan.SegmentDuration);
        package = await new PackageExtras(tools, _log, _time).AddAsync(package, staging, extras, packageLock, cancellationToken).ConfigureAwait(false);
        new MasterPlaylistWriter().WriteTo(Path.Combine(staging, HlsPackage.MasterPlaylistName), package);
        return package;
    }
}
