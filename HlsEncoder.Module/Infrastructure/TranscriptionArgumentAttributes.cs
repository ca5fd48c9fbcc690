using HlsEncoder.Configuration;
using HlsEncoder.Transcription;
using HlsEncoder.Validation;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>A platform language, or "auto" to let Whisper detect it among them.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateTranscriptionLanguageAttribute : TargetRuleAttribute
{
    protected override string? Check(string? value) =>
        string.Equals(value?.Trim(), TranscriptionRequest.AutoLanguage, StringComparison.OrdinalIgnoreCase)
            ? null
            : TargetRules.CheckLanguage(value) is { } problem ? $"{problem[..^1]}, or auto to detect it." : null;
}

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateWhisperModelNameAttribute : TargetRuleAttribute
{
    protected override string? Check(string? value) => WhisperModelCatalog.CheckName(value);
}

/// <summary>Completes -Language with "auto" and the platform's languages.</summary>
public sealed class TranscriptionLanguageCompleter : ValueCompleter
{
    protected override IEnumerable<CompletionCandidate> Candidates() =>
        LanguageCompleter.Languages.Prepend(new CompletionCandidate(TranscriptionRequest.AutoLanguage, "Detect the spoken language among en, es, fr, de, ar and hi"));
}

/// <summary>Completes -ModelName with the official models, saying which are already in the model cache.</summary>
public sealed class WhisperModelNameCompleter : ValueCompleter
{
    protected override IEnumerable<CompletionCandidate> Candidates()
    {
        var cache = WhisperModelCache.ResolveFolder(Environment.GetEnvironmentVariable(SettingNames.WhisperModelDir));
        return WhisperModelCatalog.Known.Select(m => new CompletionCandidate(m.Name,
            $"about {m.ApproximateMiB} MiB{(m.Name.EndsWith(".en", StringComparison.Ordinal) ? ", English only" : string.Empty)}{(File.Exists(WhisperModelCache.PathOf(cache, m.Name)) ? ", in the model cache" : string.Empty)}"));
    }
}

/// <summary>A vocabulary for Whisper of at most 600 characters (Whisper reads at most 224 tokens of it).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidatePromptAttribute : TargetRuleAttribute
{
    protected override string? Check(string? value) => TranscriptionRequest.CheckPrompt(value);
}
