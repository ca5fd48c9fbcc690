namespace HlsEncoder.Transcription;

/// <summary>What to do with one file or package.</summary>
public sealed class TranscriptionRequest
{
    public const string AutoLanguage = SpeechRecognizer.AutoLanguage;

    /// <summary>en, es, fr, de, ar, hi, or "auto" to detect it among those.</summary>
    public required string Language { get; init; }

    /// <summary>Translate the speech into English (Whisper's translate task).</summary>
    public bool Translate { get; init; }

    /// <summary>Transcribe again even when an up-to-date transcript is there.</summary>
    public bool Force { get; init; }
}
