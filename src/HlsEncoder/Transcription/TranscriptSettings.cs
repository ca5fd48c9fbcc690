using HlsEncoder.Packaging;

namespace HlsEncoder.Transcription;

/// <summary>
/// What a transcript was made from and with: the source file, the model file and the options. A
/// transcript whose settings equal the ones asked for is up to date and is not made again.
/// </summary>
internal sealed record TranscriptSettings(SourceFingerprint Source, SourceFingerprint Model, string Language, bool Translate)
{
    public bool Matches(TranscriptSettings other) =>
        other is not null
        && Source.Matches(other.Source)
        && Model.Matches(other.Model)
        && string.Equals(Language, other.Language, StringComparison.OrdinalIgnoreCase)
        && Translate == other.Translate;

    /// <summary>Why <paramref name="existing"/> is not up to date, for the verbose stream.</summary>
    public string Difference(TranscriptSettings existing) =>
        !Source.Matches(existing.Source) ? $"it was made from {(existing.Source.Path == Source.Path ? "an earlier version of the source" : existing.Source.Path)}"
        : !Model.Matches(existing.Model) ? $"it was made with another model ({existing.Model.Path})"
        : !string.Equals(Language, existing.Language, StringComparison.OrdinalIgnoreCase) ? $"it was made with -Language {existing.Language}"
        : existing.Translate ? "it was translated" : "it was not translated";
}
