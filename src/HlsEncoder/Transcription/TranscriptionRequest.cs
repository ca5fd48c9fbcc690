namespace HlsEncoder.Transcription;

/// <summary>What to do with one file or package.</summary>
public sealed class TranscriptionRequest
{
    public const string AutoLanguage = SpeechRecognizer.AutoLanguage;

    /// <summary>
    /// Whisper reads at most 224 tokens of a prompt (half its text context) and drops the rest from the
    /// front; 600 characters stay within that in English (about 150 words).
    /// </summary>
    public const int MaxPromptLength = 600;

    /// <summary>en, es, fr, de, ar, hi, or "auto" to detect it among those.</summary>
    public required string Language { get; init; }

    /// <summary>Translate the speech into English (Whisper's translate task).</summary>
    public bool Translate { get; init; }

    /// <summary>Transcribe again even when an up-to-date transcript is there.</summary>
    public bool Force { get; init; }

    /// <summary>Words Whisper should expect, such as the course's terms and names; null for none.</summary>
    public string? Prompt { get; init; }

    /// <summary>Spare Whisper the silences of two seconds or more (on unless the user turns it off with -NoSilenceSkip).</summary>
    public bool SkipSilence { get; init; } = true;

    /// <summary>What is wrong with a prompt, or null when it can be used.</summary>
    public static string? CheckPrompt(string? prompt) =>
        prompt is null ? null
        : string.IsNullOrWhiteSpace(prompt) ? "-Prompt is empty. Give the words Whisper should expect, such as 'HLS, WebVTT, Dr. Nakamura', or leave -Prompt out."
        : prompt.Length > MaxPromptLength ? $"-Prompt has {prompt.Length} characters; at most {MaxPromptLength} are allowed, because Whisper reads at most 224 tokens of it (about 150 English words) and would silently drop the start. Keep to the course's terms and names, comma-separated."
        : null;
}
