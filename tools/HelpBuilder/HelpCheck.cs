using System.Management.Automation;

namespace HelpBuilder;

/// <summary>What keeps a module's help from being complete: one line per problem, naming the page and what to add.</summary>
public static class HelpCheck
{
    public static IEnumerable<string> Problems(string moduleName, IReadOnlyList<CommandInfo> commands, IReadOnlyList<CommandPage> commandPages, IReadOnlyList<AboutPage> aboutPages)
    {
        foreach (var command in commands)
        {
            var page = commandPages.FirstOrDefault(page => Same(page.CommandName, command.Name));
            var problems = page is null
                ? [$"{command.Name}.md: missing; {moduleName} exports {command.CommandType.ToString().ToLowerInvariant()} {command.Name} but it has no help page"]
                : CommandProblems(command, page);
            foreach (var problem in problems) yield return problem;
        }
        foreach (var page in commandPages.Where(page => !commands.Any(command => Same(command.Name, page.CommandName))))
        {
            yield return $"{page.FileName}: documents '{page.CommandName}', which {moduleName} does not export";
        }
        if (!aboutPages.Any(about => Same(about.Page.Name, $"about_{moduleName}")))
        {
            yield return $"about_{moduleName}.md: missing; every module needs an about_<ModuleName> topic";
        }
        foreach (var problem in aboutPages.SelectMany(AboutProblems)) yield return problem;
    }

    /// <summary>
    /// A shared description that no command uses, or that a page repeats: a shared parameter is described
    /// once (shared/Parameters.md), so that all its commands say the same.
    /// </summary>
    public static IEnumerable<string> SharedProblems(IReadOnlyList<CommandInfo> commands, IReadOnlyList<CommandPage> commandPages, IReadOnlyList<ParameterText> shared)
    {
        foreach (var text in shared)
        {
            if (!commands.Any(command => CommandPage.IsShared(command, text.Name)))
            {
                yield return $"shared/Parameters.md: documents parameter -{text.Name}, which no command shares";
            }
            foreach (var page in commandPages.Where(page => page.Parameters.Any(own => Same(own.Name, text.Name))
                && commands.Any(command => Same(command.Name, page.CommandName) && CommandPage.IsShared(command, text.Name))))
            {
                yield return $"{page.FileName}: describes -{text.Name}, which shared/Parameters.md describes for every command; remove it here";
            }
        }
    }

    static IEnumerable<string> CommandProblems(CommandInfo command, CommandPage page)
    {
        var file = page.FileName;
        List<string?> problems =
        [
            SectionProblem(file, "SYNOPSIS", page.Synopsis),
            SectionProblem(file, "DESCRIPTION", page.Description),
            page.Examples.Count > 0 ? null : $"{file}: no example (add '### Example 1: ...' with a code block under '## EXAMPLES')",
            .. page.Examples.Where(example => example.Code.Trim().Length == 0).Select(example => $"{file}: example '{example.Title}' has no code block"),
        ];
        // -WhatIf and -Confirm have standard texts, and about_CommonParameters describes the other common parameters.
        foreach (var name in command.Parameters.Keys.Where(name => !MamlCommand.IsCommon(name) && !Cmdlet.OptionalCommonParameters.Contains(name)))
        {
            problems.Add(page.Parameters.FirstOrDefault(text => Same(text.Name, name)) switch
            {
                null => $"{file}: parameter -{name} has no description (add '### -{name}' under '## PARAMETERS')",
                { Description.Count: 0 } => $"{file}: parameter -{name} has an empty description",
                _ => null,
            });
        }
        problems.AddRange(page.Parameters.Where(text => !command.Parameters.ContainsKey(text.Name))
            .Select(text => $"{file}: documents parameter -{text.Name}, which {command.Name} does not have"));
        return problems.OfType<string>();
    }

    static IEnumerable<string> AboutProblems(AboutPage about)
    {
        var file = about.Page.FileName;
        foreach (var name in new[] { "SHORT DESCRIPTION", "LONG DESCRIPTION" })
        {
            var body = about.Page.Section(name) is { } blocks ? about.Body(blocks) : null;
            if (SectionProblem(file, name, body) is { } problem) yield return problem;
            // Get-Help about_* lists a topic with the first line of its short description only.
            else if (name == "SHORT DESCRIPTION" && body!.Count > 1) yield return $"{file}: '## SHORT DESCRIPTION' takes more than one line of the topic; shorten it to one sentence of at most 76 characters";
        }
    }

    static string? SectionProblem(string file, string name, IReadOnlyList<string>? paragraphs) => paragraphs switch
    {
        null => $"{file}: missing '## {name}' section",
        [] => $"{file}: '## {name}' section is empty",
        _ => null,
    };

    static bool Same(string name, string other) => name.Equals(other, StringComparison.OrdinalIgnoreCase);
}
