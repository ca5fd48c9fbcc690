namespace HlsEncoder.Packaging;

/// <summary>
/// The package's poster.jpg: one frame of its top rendition, shown by a player before playback starts and
/// by a catalogue as the video's picture. Chosen by <see cref="PosterTime"/> when the user named a time,
/// else by the rule in PosterMaker (the first of 10 %, 25 %, 50 % whose frame is neither near-black nor flat).
/// </summary>
public sealed class HlsPoster
{
    public const string FileName = "poster.jpg";

    public HlsPoster(string path, int width, int height, TimeSpan time, TimeSpan? requestedTime)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        Width = width;
        Height = height;
        Time = time;
        RequestedTime = requestedTime;
    }

    /// <summary>Full path of poster.jpg.</summary>
    public string Path { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Where in the video the frame was taken.</summary>
    public TimeSpan Time { get; }

    /// <summary>The -PosterTime it was made for; null when the time was chosen by the rule.</summary>
    public TimeSpan? RequestedTime { get; }

    public override string ToString() => Path;
}
