using System.Globalization;
using HlsEncoder.ExternalTools;

namespace HlsEncoder.Diagnostics;

/// <summary>
/// ffmpeg and ffprobe as encoding and transcription find them (<see cref="FfmpegLocator"/>: FFMPEG_PATH,
/// else PATH), run through the engine's one process runner: that both start, their versions, and that
/// ffmpeg has every encoder, muxer and filter the commands use (<see cref="FfmpegFeature.Needed"/>).
/// Two checks: <see cref="EnvironmentCheckNames.Ffmpeg"/> and <see cref="EnvironmentCheckNames.FfmpegFeatures"/>.
/// </summary>
public sealed class FfmpegCheck(IOperationLog log)
{
    private readonly IOperationLog _log = log ?? throw new ArgumentNullException(nameof(log));

    /// <summary>How long one ffmpeg or ffprobe run may take: they answer in well under a second, a hung wrapper never.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <param name="configuredPath">FFMPEG_PATH (-FfmpegPath) as a full path, or null to search PATH.</param>
    public async Task<IReadOnlyList<EnvironmentCheck>> RunAsync(string? configuredPath, CancellationToken cancellationToken)
    {
        var configured = !string.IsNullOrWhiteSpace(configuredPath);
        FfmpegTools tools;
        try
        {
            tools = FfmpegLocator.Locate(configuredPath);
        }
        catch (HlsEncoderException e)
        {
            var fix = configured
                ? $"Set FFMPEG_PATH (or -FfmpegPath) to the folder that holds both ffmpeg and ffprobe, or to ffmpeg itself; or remove it to use the ffmpeg on PATH. To install one: {InstallCommand}."
                : $"Install ffmpeg: {InstallCommand}. Or set FFMPEG_PATH (or -FfmpegPath) to the folder of an ffmpeg build that holds both ffmpeg and ffprobe.";
            return
            [
                EnvironmentCheck.Failed(EnvironmentCheckNames.Ffmpeg, e.Message.Replace(FfmpegLocator.Hint, string.Empty, StringComparison.Ordinal).Trim(), fix),
                NotChecked("ffmpeg was not found", fix),
            ];
        }

        var where = $"in {tools.Folder} ({(configured ? "FFMPEG_PATH" : "found on PATH")})";
        var ffmpeg = await RunToolAsync(tools.FfmpegPath, ["-version"], cancellationToken).ConfigureAwait(false);
        var ffprobe = await RunToolAsync(tools.FfprobePath, ["-version"], cancellationToken).ConfigureAwait(false);
        var reinstall = $"Reinstall ffmpeg so that both programs run ({InstallCommand}), or set FFMPEG_PATH (or -FfmpegPath) to a working build's folder.";
        EnvironmentCheck found;
        if (ffmpeg.Problem is not null || ffprobe.Problem is not null)
        {
            found = EnvironmentCheck.Failed(EnvironmentCheckNames.Ffmpeg,
                string.Join(" ", new[] { ffmpeg.Problem, ffprobe.Problem }.OfType<string>()) + $" ({where})", reinstall);
        }
        else
        {
            var (ffmpegVersion, ffprobeVersion) = (FirstLine(ffmpeg.Output), FirstLine(ffprobe.Output));
            found = VersionNumber(ffmpegVersion) == VersionNumber(ffprobeVersion)
                ? EnvironmentCheck.Passed(EnvironmentCheckNames.Ffmpeg, $"{ffmpegVersion}; {ffprobeVersion}; {where}.")
                : EnvironmentCheck.Warning(EnvironmentCheckNames.Ffmpeg,
                    $"{ffmpegVersion}; {ffprobeVersion}; {where}: ffmpeg and ffprobe come from different builds, so a source ffprobe reads may not be one this ffmpeg encodes.",
                    "Install ffmpeg and ffprobe from the same build (they ship together), or set FFMPEG_PATH (or -FfmpegPath) to the folder of one build that holds both.");
        }

        if (ffmpeg.Problem is not null)
        {
            return [found, NotChecked("ffmpeg does not run", reinstall)];
        }

        return [found, await CheckFeaturesAsync(tools.FfmpegPath, cancellationToken).ConfigureAwait(false)];
    }

    /// <summary>How to install ffmpeg on this system, as a command.</summary>
    internal static string InstallCommand =>
        OperatingSystem.IsWindows() ? "winget install Gyan.FFmpeg"
        : OperatingSystem.IsMacOS() ? "brew install ffmpeg"
        : "sudo apt-get install ffmpeg on Debian and Ubuntu, sudo dnf install ffmpeg on Fedora (RPM Fusion)";

    private async Task<EnvironmentCheck> CheckFeaturesAsync(string ffmpegPath, CancellationToken cancellationToken)
    {
        var available = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var option in FfmpegFeature.Needed.Select(f => f.ListOption).Distinct(StringComparer.Ordinal))
        {
            var run = await RunToolAsync(ffmpegPath, ["-hide_banner", option], cancellationToken).ConfigureAwait(false);
            if (run.Problem is not null)
            {
                return EnvironmentCheck.Failed(EnvironmentCheckNames.FfmpegFeatures,
                    $"ffmpeg could not list its features: {run.Problem}",
                    $"Reinstall ffmpeg ({InstallCommand}), or set FFMPEG_PATH (or -FfmpegPath) to a working build's folder.");
            }

            available[option] = FfmpegFeature.ParseListing(run.Output);
        }

        var missing = FfmpegFeature.Needed.Where(f => !available[f.ListOption].Contains(f.Name)).ToArray();
        var missingRequired = missing.Where(f => f.Required).ToArray();
        if (missingRequired.Length > 0)
        {
            var fix = missingRequired.Any(f => f.Name == "libx264")
                ? $"Install an ffmpeg built with libx264 (configured with --enable-gpl --enable-libx264), as the ffmpeg packages of Debian, Ubuntu and Fedora (RPM Fusion), winget's Gyan.FFmpeg and Homebrew's ffmpeg are: {InstallCommand}. Then put it first on PATH or set FFMPEG_PATH (or -FfmpegPath) to its folder."
                : $"Install a full ffmpeg build ({InstallCommand}); this one was built without parts HlsEncoder needs. Then put it first on PATH or set FFMPEG_PATH (or -FfmpegPath) to its folder.";
            return EnvironmentCheck.Failed(EnvironmentCheckNames.FfmpegFeatures,
                $"{ffmpegPath} lacks {Describe(missing)}.", fix);
        }

        if (missing.Length > 0)
        {
            return EnvironmentCheck.Warning(EnvironmentCheckNames.FfmpegFeatures,
                $"{ffmpegPath} lacks {Describe(missing)}; such sources cannot be encoded, all others can.",
                $"Install a full ffmpeg build ({InstallCommand}) if you encode such sources, and put it first on PATH or set FFMPEG_PATH (or -FfmpegPath) to its folder.");
        }

        var present = FfmpegFeature.Needed
            .GroupBy(f => f.Kind)
            .Select(g => $"{g.Key}s {string.Join(", ", g.Select(f => f.Name))}");
        return EnvironmentCheck.Passed(EnvironmentCheckNames.FfmpegFeatures, $"ffmpeg has the {string.Join("; ", present)}.");
    }

    private static string Describe(IEnumerable<FfmpegFeature> features) =>
        string.Join(", ", features.Select(f => $"the {f.Kind} {f.Name} ({f.UsedFor})"));

    private static EnvironmentCheck NotChecked(string why, string fix) =>
        EnvironmentCheck.Failed(EnvironmentCheckNames.FfmpegFeatures, $"Not checked: {why}.", fix);

    /// <summary>The first line of "-version", without its copyright: "ffmpeg version 6.1.1-3ubuntu5".</summary>
    private static string FirstLine(string output)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no version printed)";
        var copyright = line.IndexOf(" Copyright", StringComparison.Ordinal);
        return copyright > 0 ? line[..copyright] : line;
    }

    /// <summary>The word after "version", to compare two programs' builds.</summary>
    private static string VersionNumber(string firstLine)
    {
        var words = firstLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.IndexOf(words, "version");
        return at >= 0 && at + 1 < words.Length ? words[at + 1] : firstLine;
    }

    /// <summary>Runs a program to its end within <see cref="Timeout"/>; a failure to start, a non-zero exit or a timeout is a problem, not an exception.</summary>
    private async Task<(string Output, string? Problem)> RunToolAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var command = $"{Path.GetFileNameWithoutExtension(program)} {string.Join(' ', arguments)}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var (exitCode, output, errors) = await ChildProcess.RunToEndAsync(program, arguments, _log, timeout.Token).ConfigureAwait(false);
            return exitCode == 0
                ? (output, null)
                : (output, $"'{command}' failed with exit code {exitCode.ToString(CultureInfo.InvariantCulture)}{(errors.Length == 0 ? "." : $": {errors}")}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (string.Empty, $"'{command}' did not finish within {Timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s and was stopped.");
        }
        catch (HlsEncoderException e)
        {
            return (string.Empty, e.Message);
        }
    }
}
