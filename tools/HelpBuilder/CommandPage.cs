using System.Management.Automation;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HelpBuilder;

public sealed record Example(string Title, string Code, IReadOnlyList<string> Remarks);

/// <summary>A '### -Name' section: the description, and the default value its yaml block may give.</summary>
public sealed record ParameterText(string Name, IReadOnlyList<string> Description, string? DefaultValue);

/// <summary>A '### TypeName' entry of INPUTS or OUTPUTS.</summary>
public sealed record TypeText(string TypeName, IReadOnlyList<string> Description);

/// <summary>A related link; Uri is empty for another page, which Get-Help cannot open.</summary>
public sealed record Link(string Text, string Uri);

/// <summary>
/// What one command's page (platyPS layout) says that the command itself cannot. Synopsis and
/// Description are null when the page has no such section.
/// </summary>
public sealed record CommandPage(
    string FileName,
    string CommandName,
    IReadOnlyList<string>? Synopsis,
    IReadOnlyList<string>? Description,
    IReadOnlyList<Example> Examples,
    IReadOnlyList<ParameterText> Parameters,
    IReadOnlyList<TypeText> Inputs,
    IReadOnlyList<TypeText> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<Link> Links)
{
    public static CommandPage Read(string path)
    {
        var page = new MarkdownPage(path);
        IReadOnlyList<string>? Paragraphs(string section) => page.Section(section) is { } blocks ? page.Paragraphs(blocks) : null;
        IReadOnlyList<Section> Entries(string section) => page.Split(page.Section(section) ?? [], 3);
        IEnumerable<TypeText> Types(string section) => Entries(section).Select(entry => new TypeText(entry.Heading, page.Paragraphs(entry.Blocks)));
        // Get-Help -Online opens the first related link that has a URI.
        IEnumerable<Link> online = page.OnlineVersion is { } address ? [new Link("Online Version:", address)] : [];

        return new CommandPage(
            page.FileName,
            page.Name,
            Paragraphs("SYNOPSIS"),
            Paragraphs("DESCRIPTION"),
            [.. Entries("EXAMPLES").Select(example => new Example(
                example.Heading,
                string.Join("\n\n", example.Blocks.OfType<CodeBlock>().Select(code => code.Lines.ToString().TrimEnd())),
                page.Paragraphs(example.Blocks.Where(block => block is not CodeBlock))))],
            // platyPS pages end PARAMETERS with a '### CommonParameters' boilerplate, which is no parameter.
            [.. Entries("PARAMETERS").Where(entry => entry.Heading.StartsWith('-')).Select(entry => new ParameterText(
                entry.Heading[1..],
                page.Paragraphs(entry.Blocks.Where(block => block is not FencedCodeBlock yaml || !MarkdownPage.IsYaml(yaml))),
                // A compiled default cannot be read back from the command, so the page gives it.
                entry.Blocks.OfType<FencedCodeBlock>().Where(MarkdownPage.IsYaml).Select(yaml => MarkdownPage.YamlValue(yaml, "Default value")).LastOrDefault(value => value is not null)))],
            [.. Types("INPUTS")],
            [.. Types("OUTPUTS")],
            Paragraphs("NOTES") ?? [],
            [.. online, .. RelatedLinks(page, page.Section("RELATED LINKS") ?? [])]);
    }

    /// <summary>
    /// The page with the shared descriptions of the shared parameters <paramref name="command"/> has, after its
    /// own. The module declares a shared parameter once and adds it at run time, so the command reports it as dynamic.
    /// </summary>
    public CommandPage WithShared(IReadOnlyList<ParameterText> shared, CommandInfo? command) => command is null ? this : this with
    {
        Parameters = [.. Parameters, .. shared.Where(text => IsShared(command, text.Name) && !Parameters.Any(own => own.Name.Equals(text.Name, StringComparison.OrdinalIgnoreCase)))],
    };

    public static bool IsShared(CommandInfo command, string parameter) => command.Parameters.TryGetValue(parameter, out var metadata) && metadata.IsDynamic;

    /// <summary>Each link of the section, and each piece of plain text as a link without a URI.</summary>
    static IEnumerable<Link> RelatedLinks(MarkdownPage page, IEnumerable<Block> blocks) =>
        blocks.SelectMany(block => block.Descendants<ParagraphBlock>().Prepend(block as ParagraphBlock)).OfType<ParagraphBlock>()
            .SelectMany(paragraph => paragraph.Inline?.AsEnumerable() ?? [])
            .Select(inline => inline switch
            {
                LinkInline link => new Link(page.Text(link), Uri.TryCreate(link.Url, UriKind.Absolute, out var uri) && !uri.IsFile ? link.Url! : ""),
                LiteralInline literal => new Link(literal.Content.ToString().Trim(), ""),
                _ => null,
            })
            .OfType<Link>().Where(link => link.Text.Length > 0);
}
