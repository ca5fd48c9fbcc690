namespace HlsEncoder.Transcription;

/// <summary>How Whisper runs for one transcription.</summary>
internal sealed record RecognitionOptions
{
    /// <summary>A supported language code, or "auto" to detect it among the supported languages.</summary>
    public required string Language { get; init; }

    /// <summary>The language used for a recording that is silent throughout when the language was "auto".</summary>
    public required string FallbackLanguage { get; init; }

    public bool Translate { get; init; }

    public int? Threads { get; init; }

    /// <summary>Whisper's temperature fallback step; null keeps whisper.cpp's default (0.2).</summary>
    public float? TemperatureIncrement { get; init; }

    /// <summary>Whisper hears only the sound between silences of two seconds or more (<see cref="SpeechRegions"/>).</summary>
    public bool SkipSilence { get; init; } = true;

    /// <summary>Words Whisper should expect (course terms, names), or null.</summary>
    public string? Prompt { get; init; }

    public TimeSpan ChunkDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back from a full chunk's end its cut point is looked for.</summary>
    public TimeSpan CutSearch { get; init; } = TimeSpan.FromSeconds(8);
}
