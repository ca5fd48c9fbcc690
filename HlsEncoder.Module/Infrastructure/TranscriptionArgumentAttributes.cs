using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
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
public sealed class TranscriptionLanguageCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = wordToComplete ?? string.Empty;
        var auto = TranscriptionRequest.AutoLanguage.StartsWith(word, StringComparison.OrdinalIgnoreCase)
            ? [new CompletionResult(TranscriptionRequest.AutoLanguage, TranscriptionRequest.AutoLanguage, CompletionResultType.ParameterValue, "Detect the spoken language among en, es, fr, de, ar and hi")]
            : Array.Empty<CompletionResult>();
        return auto.Concat(new LanguageCompleter().CompleteArgument(commandName, parameterName, word, commandAst, fakeBoundParameters));
    }
}

/// <summary>Completes -ModelName with the official models, saying which are already in the model cache.</summary>
public sealed class WhisperModelNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var cache = WhisperModelCache.ResolveFolder(Environment.GetEnvironmentVariable(SettingNames.WhisperModelDir));
        return WhisperModelCatalog.Known
            .Where(m => m.Name.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
            .Select(m => new CompletionResult(m.Name, m.Name, CompletionResultType.ParameterValue,
                $"about {m.ApproximateMiB} MiB{(m.Name.EndsWith(".en", StringComparison.Ordinal) ? ", English only" : string.Empty)}{(File.Exists(WhisperModelCache.PathOf(cache, m.Name)) ? ", in the model cache" : string.Empty)}"));
    }
}
