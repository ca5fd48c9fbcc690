using HlsEncoder.Packaging;

namespace HlsEncoder.Transcription;

/// <summary>
/// What a transcript was made from and with: the source file, the model file, the options, and the
/// caption rules (<see cref="CaptionRules.Id"/>). A transcript whose settings equal the ones asked for is
/// up to date and is not made again.
/// </summary>
internal sealed record TranscriptSettings(SourceFingerprint Source, SourceFingerprint Model, string Language, bool Translate, string? Prompt, bool SkipSilence, string Captions)
{
    public bool Matches(TranscriptSettings other) =>
        other is not null
        && Source.Matches(other.Source)
        && Model.Matches(other.Model)
        && string.Equals(Language, other.Language, StringComparison.OrdinalIgnoreCase)
        && Translate == other.Translate
        && string.Equals(Prompt ?? string.Empty, other.Prompt ?? string.Empty, StringComparison.Ordinal)
        && SkipSilence == other.SkipSilence
        && string.Equals(Captions, other.Captions, StringComparison.Ordinal);

    /// <summary>Why <paramref name="existing"/> is not up to date, for the verbose stream.</summary>
    public string Difference(TranscriptSettings existing) =>
        !Source.Matches(existing.Source) ? $"it was made from {(existing.Source.Path == Source.Path ? "an earlier version of the source" : existing.Source.Path)}"
        : !Model.Matches(existing.Model) ? $"it was made with another model ({existing.Model.Path})"
        : !string.Equals(Language, existing.Language, StringComparison.OrdinalIgnoreCase) ? $"it was made with -Language {existing.Language}"
        : Translate != existing.Translate ? (existing.Translate ? "it was translated" : "it was not translated")
        : !string.Equals(Captions, existing.Captions, StringComparison.Ordinal) ? (existing.Captions.Length == 0 ? "its captions are Whisper's whole segments, made before captions were laid out word by word" : $"its captions follow other rules ({existing.Captions})")
        : SkipSilence != existing.SkipSilence ? (existing.SkipSilence ? "it was made with silences skipped" : "it was made with -NoSilenceSkip")
        : existing.Prompt is null ? "it was made without -Prompt"
        : $"it was made with another -Prompt";
}
