using HlsEncoder.Validation;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>Completes -Language with the platform's languages, found by code or English name, showing each one's name.</summary>
public sealed class LanguageCompleter : ValueCompleter
{
    internal static IEnumerable<CompletionCandidate> Languages =>
        SupportedLanguage.All.Select(l => new CompletionCandidate(l.Code, $"{l.EnglishName} ({l.NativeName})", [l.EnglishName]));

    protected override IEnumerable<CompletionCandidate> Candidates() => Languages;
}
