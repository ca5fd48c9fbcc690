using System.Text;

namespace HlsEncoder.ExternalTools;

/// <summary>
/// Joins arguments into one command line that both .NET (ProcessStartInfo.Arguments, on every OS) and
/// the Windows C runtime split back into exactly the same arguments: paths with spaces, quotes or
/// trailing backslashes survive.
/// </summary>
internal static class CommandLine
{
    public static string Join(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Quote));

    public static string Quote(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c == '"'))
        {
            return argument;
        }

        var quoted = new StringBuilder(argument.Length + 2).Append('"');
        var backslashes = 0;
        foreach (var c in argument)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            // Backslashes are literal except before a quote, where each one must be doubled.
            quoted.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes).Append(c);
            backslashes = 0;
        }

        return quoted.Append('\\', backslashes * 2).Append('"').ToString();
    }
}
