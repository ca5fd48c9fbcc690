namespace HlsEncoder.Diagnostics;

/// <summary>The names of the checks, in the order they run; scripts can pick a check by its name.</summary>
public static class EnvironmentCheckNames
{
    public const string Ffmpeg = "ffmpeg";
    public const string FfmpegFeatures = "ffmpeg features";
    public const string WhisperModel = "Whisper model";
    public const string Backend = "Backend";
    public const string DiskSpace = "Disk space";
    public const string StateFolder = "State folder";
    public const string ConfigFolder = "Config folder";
    public const string ChildProcesses = "Child processes";
}
