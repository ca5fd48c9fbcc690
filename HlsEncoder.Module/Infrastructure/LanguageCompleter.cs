using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using HlsEncoder.Validation;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>Completes -Language with the platform's languages, showing each one's name.</summary>
public sealed class LanguageCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        SupportedLanguage.All
            .Where(l => l.Code.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase)
                || l.EnglishName.StartsWith(wordToComplete ?? string.Empty, StringComparison.OrdinalIgnoreCase))
            .Select(l => new CompletionResult(l.Code, l.Code, CompletionResultType.ParameterValue, $"{l.EnglishName} ({l.NativeName})"));
}
