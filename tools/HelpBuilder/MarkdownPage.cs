using Markdig;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace HelpBuilder;

/// <summary>A heading and the blocks under it, up to the next heading of the same or a higher level.</summary>
public sealed record Section(string Heading, IReadOnlyList<Block> Blocks);

/// <summary>
/// A help page as Markdig parses it, and the ways the help reads its blocks. Inline Markdown (`code`, links)
/// stays as written, as in PowerShell's own help: Get-Help shows plain text, and it reads well so.
/// </summary>
public sealed class MarkdownPage
{
    static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseYamlFrontMatter().UsePreciseSourceLocation().Build();

    readonly string source;
    readonly MarkdownDocument document;

    public MarkdownPage(string path)
    {
        source = File.ReadAllText(path);
        document = Markdown.Parse(source, Pipeline);
        FileName = Path.GetFileName(path);
        Name = Path.GetFileNameWithoutExtension(path);
        Sections = Split(document, 2);
    }

    public string FileName { get; }

    /// <summary>The command or topic the page is named after.</summary>
    public string Name { get; }

    /// <summary>The H2 sections: SYNOPSIS, DESCRIPTION, ...</summary>
    public IReadOnlyList<Section> Sections { get; }

    /// <summary>The blocks of the named H2 section, or null when the page has none.</summary>
    public IReadOnlyList<Block>? Section(string heading) =>
        Sections.FirstOrDefault(section => section.Heading.Equals(heading, StringComparison.OrdinalIgnoreCase))?.Blocks;

    /// <summary>platyPS keeps the address for Get-Help -Online in the yaml front matter.</summary>
    public string? OnlineVersion => document.OfType<YamlFrontMatterBlock>().Select(yaml => YamlValue(yaml, "online version")).FirstOrDefault();

    /// <summary>The last non-empty value of a 'key: value' line in a yaml block.</summary>
    public static string? YamlValue(LeafBlock yaml, string key) =>
        Lines(yaml).Select(line => line.Split(':', 2)).Where(pair => pair.Length == 2 && pair[0].Trim() == key)
            .Select(pair => pair[1].Trim()).LastOrDefault(value => value.Length > 0);

    /// <summary>Groups blocks under each heading of the given level; what comes before the first one is left out.</summary>
    public IReadOnlyList<Section> Split(IEnumerable<Block> blocks, int level)
    {
        var sections = new List<Section>();
        List<Block>? current = null;
        foreach (var block in blocks)
        {
            if (block is not HeadingBlock heading || heading.Level > level) current?.Add(block);
            else if (heading.Level < level) current = null;
            else
            {
                current = [];
                sections.Add(new Section(Text(heading), current));
            }
        }
        return sections;
    }

    /// <summary>Get-Help paragraphs: one per block, blank ones left out.</summary>
    public IReadOnlyList<string> Paragraphs(IEnumerable<Block> blocks) =>
        blocks.Select(Paragraph).Where(paragraph => paragraph.Trim().Length > 0).ToList();

    /// <summary>
    /// Prose with its wrapped lines joined, a list with one line per item, code as written (not indented:
    /// Get-Help trims a paragraph's leading white space, which would shift only its first line), a
    /// sub-heading as its text, anything else (a quote, HTML) as written.
    /// </summary>
    public string Paragraph(Block block) => block switch
    {
        CodeBlock code => code.Lines.ToString(),
        ListBlock list => string.Join("\n", ListItems(list)),
        LeafBlock leaf => Text(leaf.Inline),
        _ => source.Substring(block.Span.Start, block.Span.Length).Trim(),
    };

    /// <summary>Each item of a list as '- text' or '1. text'.</summary>
    public IEnumerable<string> ListItems(ListBlock list) =>
        list.OfType<ListItemBlock>().Select(item =>
            $"{(list.IsOrdered ? $"{item.Order}{list.OrderedDelimiter}" : "-")} {string.Join(" ", Paragraphs(item))}");

    /// <summary>The Markdown source of inline content (a paragraph, a heading, a link's text), its lines joined with single spaces.</summary>
    public string Text(LeafBlock leaf) => Text(leaf.Inline);

    public string Text(ContainerInline? inline) => inline is { FirstChild: { } first, LastChild: { } last }
        ? string.Join(" ", source[first.Span.Start..(last.Span.End + 1)].Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0))
        : "";

    public static IEnumerable<string> Lines(LeafBlock leaf) => leaf.Lines.ToString().Split('\n');

    public static bool IsYaml(FencedCodeBlock block) => block.Info is "yaml" or "yml";
}
