using HlsEncoder.ExternalTools;
using HlsEncoder.Packaging;

namespace HlsEncoder.Ladder;

/// <summary>
/// Makes a package's downloads (-Download) from its own top rendition with one ffmpeg that copies the
/// streams (no re-encode): download.mp4 with video and sound, and audio.m4a with the sound alone. Both are
/// "faststart" (the moov box first, so a browser plays while it downloads); AAC leaves MPEG-TS in ADTS
/// frames, which MP4 stores without their headers (aac_adtstoasc). Each file is written under a hidden
/// name and renamed when complete.
/// </summary>
internal static class DownloadRemuxer
{
    /// <param name="folder">Where the package's files are now (the staging folder while encoding).</param>
    /// <param name="package">The package as it will be: its paths name where the downloads will be.</param>
    /// <param name="onStarted">Told ffmpeg's identity, so that the package's lock can stop an orphan.</param>
    public static async Task<HlsDownloads> RemuxAsync(
        FfmpegTools tools, string folder, HlsPackage package, Action<ProcessIdentity>? onStarted, IOperationLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(package);
        var top = package.Renditions[0];
        var playlist = Path.GetRelativePath(package.OutputPath, top.PlaylistPath).Replace('\\', '/');
        var video = Path.Combine(folder, HlsDownloads.VideoFileName);
        var audio = top.HasAudio ? Path.Combine(folder, HlsDownloads.AudioFileName) : null;
        var videoPart = Partial(video);
        var audioPart = audio is null ? null : Partial(audio);

        var arguments = new List<string> { "-hide_banner", "-loglevel", "error", "-y", "-progress", "pipe:1", "-nostats", "-i", "file:" + playlist };
        arguments.AddRange(["-map", "0:v:0"]);
        if (top.HasAudio)
        {
            arguments.AddRange(["-map", "0:a:0", "-bsf:a", "aac_adtstoasc"]);
        }

        arguments.AddRange(["-c", "copy", "-sn", "-dn", "-map_metadata", "-1", "-movflags", "+faststart", "-f", "mp4", "file:" + Path.GetFileName(videoPart)]);
        if (audioPart is not null)
        {
            arguments.AddRange(["-map", "0:a:0", "-c", "copy", "-bsf:a", "aac_adtstoasc", "-map_metadata", "-1", "-movflags", "+faststart", "-f", "ipod", "file:" + Path.GetFileName(audioPart)]);
        }

        HlsEncoderException Failed(int exitCode, string errors) => new("EncodeFailed", FailureKind.OperationFailed,
            $"ffmpeg failed (exit code {exitCode}) remuxing the {top.Name} rendition into {HlsDownloads.VideoFileName}: {errors}. Run with -Verbose -Debug to see ffmpeg's output, or leave out -Download.",
            package.OutputPath);

        try
        {
            await FfmpegRunner.RunAsync(tools, arguments, folder, _ => { }, onStarted, Failed, log, cancellationToken).ConfigureAwait(false);
            File.Move(videoPart, video, overwrite: true);
            if (audioPart is not null)
            {
                File.Move(audioPart, audio!, overwrite: true);
            }
        }
        finally
        {
            File.Delete(videoPart);
            if (audioPart is not null)
            {
                File.Delete(audioPart);
            }
        }

        string Final(string name) => Path.Combine(package.OutputPath, name);
        return new HlsDownloads(Final(HlsDownloads.VideoFileName), audio is null ? null : Final(HlsDownloads.AudioFileName));
    }

    /// <summary>A hidden name beside the file: the upload skips dot files, so a leftover is never sent.</summary>
    private static string Partial(string path) => Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.partial");
}
