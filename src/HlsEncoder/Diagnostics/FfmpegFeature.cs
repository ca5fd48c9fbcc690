namespace HlsEncoder.Diagnostics;

/// <summary>
/// Something of ffmpeg's that HlsEncoder's commands use, how ffmpeg lists it, and what it is used for.
/// A required one missing makes encoding or transcription fail; an optional one only some sources.
/// </summary>
public sealed record FfmpegFeature(string Kind, string Name, string UsedFor, bool Required = true)
{
    public const string Encoder = "encoder";
    public const string Muxer = "muxer";
    public const string Filter = "filter";

    /// <summary>What the ladder (Ladder/LadderCommand) and the transcription's decoder (Transcription/AudioDecoder) ask ffmpeg for.</summary>
    public static IReadOnlyList<FfmpegFeature> Needed { get; } =
    [
        new(Encoder, "libx264", "the H.264 video of every rung"),
        new(Encoder, "aac", "the audio of every rung"),
        new(Encoder, "pcm_f32le", "the audio Whisper transcribes"),
        new(Muxer, "hls", "the playlists and segments"),
        new(Muxer, "f32le", "the audio Whisper transcribes"),
        new(Filter, "fps", "the ladder's constant frame rate"),
        new(Filter, "split", "one decode for every rung"),
        new(Filter, "scale", "each rung's picture size"),
        new(Filter, "setsar", "square pixels"),
        new(Filter, "format", "the yuv420p pixels players expect"),
        new(Filter, "aresample", "the audio Whisper transcribes"),
        new(Filter, "bwdif", "deinterlacing interlaced sources", Required: false),
    ];

    /// <summary>The ffmpeg option that lists features of this kind: -encoders, -muxers or -filters.</summary>
    public string ListOption => $"-{Kind}s";

    public override string ToString() => $"{Kind} {Name}";

    /// <summary>
    /// The names in what ffmpeg prints for -encoders, -muxers or -filters: every line whose second word is a
    /// name (a legend line's second word is "=", a heading's such as "File formats:" ends with a colon); a
    /// muxer line may list several names, comma-separated.
    /// </summary>
    public static HashSet<string> ParseListing(string listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in listing.Split('\n'))
        {
            var words = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 2 && words[1] != "=" && !words[1].EndsWith(':'))
            {
                names.UnionWith(words[1].Split(',', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return names;
    }
}
