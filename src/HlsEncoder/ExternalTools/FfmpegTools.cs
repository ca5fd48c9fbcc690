namespace HlsEncoder.ExternalTools;

/// <summary>Where ffmpeg and ffprobe were found: one folder holding both.</summary>
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

    public override string ToString() => FfmpegPath;
}
