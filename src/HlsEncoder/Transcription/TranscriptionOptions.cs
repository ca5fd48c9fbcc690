namespace HlsEncoder.Transcription;

/// <summary>What stays the same for every file a <see cref="Transcriber"/> transcribes.</summary>
public sealed class TranscriptionOptions
{
    /// <summary>The ggml model file (see <see cref="WhisperModelResolver"/>).</summary>
    public required string ModelPath { get; init; }

    /// <summary>The name recorded in the transcript; defaults to the one in the model's file name.</summary>
    public string? ModelName { get; init; }

    /// <summary>FFMPEG_PATH: ffmpeg or its folder; null looks on PATH.</summary>
    public string? FfmpegPath { get; init; }

    /// <summary>DEFAULT_LANGUAGE: used for a recording that is silent throughout when the language is "auto".</summary>
    public string DefaultLanguage { get; init; } = "en";

    /// <summary>CPU threads Whisper uses; null lets whisper.cpp choose (up to 4).</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Whisper's temperature fallback step; null keeps whisper.cpp's default. Tests set 0: their random
    /// model fails every confidence check, and each fallback decodes the window again.
    /// </summary>
    public float? TemperatureIncrement { get; init; }

    /// <summary>How much audio is handed to Whisper at once; memory grows with it, not with the recording.</summary>
    public TimeSpan ChunkDuration { get; init; } = TimeSpan.FromMinutes(5);
}
