using FFMpegCore;

namespace HlsEncoder.ExternalTools;

/// <summary>Where ffmpeg and ffprobe were found: one folder holding both, as FFMpegCore expects.</summary>
public sealed class FfmpegTools
{
    internal FfmpegTools(string folder, string ffmpegPath, string ffprobePath)
    {
        Folder = folder;
        FfmpegPath = ffmpegPath;
        FfprobePath = ffprobePath;
    }

    public string Folder { get; }

    public string FfmpegPath { get; }

    public string FfprobePath { get; }

    /// <summary>FFMpegCore's options for these binaries: a fresh copy per call, never the process-wide ones.</summary>
    internal FFOptions CreateOptions() => new() { BinaryFolder = Folder, LogLevel = null };

    public override string ToString() => FfmpegPath;
}
