using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>A value a completer offers: what it completes to, its tooltip, and other words that find it.</summary>
public sealed record CompletionCandidate(string Value, string ToolTip, IReadOnlyList<string>? OtherNames = null);

/// <summary>
/// Matches what the user typed against a fixed list of values the way PowerShell's own completers do: the
/// word may be quoted (the quote is kept), may hold wildcards, and a value is quoted when it needs to be.
/// Each completer only says which values it offers.
/// </summary>
public abstract class ValueCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Complete(wordToComplete, Candidates());

    protected abstract IEnumerable<CompletionCandidate> Candidates();

    /// <summary>The candidates whose value, or one of whose other names, starts with the word (wildcards allowed).</summary>
    public static IEnumerable<CompletionResult> Complete(string? wordToComplete, IEnumerable<CompletionCandidate> candidates)
    {
        var (word, quote) = Unquote(wordToComplete ?? string.Empty);
        var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
        if (!IsValid(pattern))
        {
            return [];
        }

        return candidates
            .Where(c => pattern.IsMatch(c.Value) || (c.OtherNames ?? []).Any(pattern.IsMatch))
            .Select(c => new CompletionResult(Quote(c.Value, quote), c.Value, CompletionResultType.ParameterValue, c.ToolTip))
            .ToList();
    }

    // A word such as "[7" is an unfinished wildcard range: it matches nothing, rather than failing the completion.
    private static bool IsValid(WildcardPattern pattern)
    {
        try
        {
            pattern.IsMatch(string.Empty);
            return true;
        }
        catch (WildcardPatternException)
        {
            return false;
        }
    }

    /// <summary>The word without the quote the user opened (and closed, if they did), and that quote.</summary>
    private static (string Word, char? Quote) Unquote(string word)
    {
        if (word.Length == 0 || word[0] is not ('\'' or '"'))
        {
            return (word, null);
        }

        var quote = word[0];
        var closed = word.Length > 1 && word[^1] == quote;
        return (word[1..(closed ? ^1 : ^0)], quote);
    }

    /// <summary>Keeps the user's quote; otherwise quotes only a value PowerShell would not read as one bare argument.</summary>
    private static string Quote(string value, char? quote)
    {
        if (quote is null && !NeedsQuotes(value))
        {
            return value;
        }

        return quote == '"'
            ? $"\"{EscapeForDoubleQuotes(value)}\""
            : $"'{CodeGeneration.EscapeSingleQuotedStringContent(value)}'";
    }

    private static bool NeedsQuotes(string value)
    {
        Parser.ParseInput(value, out var tokens, out var errors);
        // Anything the parser does not read as one bare word (a space, a keyword error), or that a bare word would expand.
        return errors.Length > 0 || tokens.Length != 2 || value.IndexOfAny(['$', '`', '\'', '"']) >= 0;
    }

    private static string EscapeForDoubleQuotes(string value) =>
        string.Concat(value.Select(c => c is '`' or '$' or '"' ? $"`{c}" : c.ToString()));
}
