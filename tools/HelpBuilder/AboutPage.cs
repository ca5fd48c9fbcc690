using Markdig.Syntax;

namespace HelpBuilder;

/// <summary>An about_ page as the plain-text topic Get-Help shows: TOPIC, then each H2 as an upper-case heading over an indented body.</summary>
public sealed class AboutPage(MarkdownPage page)
{
    const int Width = 80;
    const string Indent = "    ";

    public MarkdownPage Page => page;

    /// <summary>
    /// The topic. Get-Help takes an about topic's synopsis from its fifth line, so it starts exactly
    /// TOPIC / name / blank / SHORT DESCRIPTION / text.
    /// </summary>
    public string HelpText()
    {
        var lines = new List<string> { "TOPIC", Indent + page.Name };
        foreach (var section in page.Sections) lines.AddRange(["", section.Heading.ToUpperInvariant(), .. Body(section.Blocks)]);
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>A section's lines: prose wrapped, list items hung, code as written; a blank line between blocks.</summary>
    public IReadOnlyList<string> Body(IEnumerable<Block> blocks) =>
        [.. blocks.Select(Lines).Where(lines => lines.Count > 0).SelectMany((lines, index) => index == 0 ? lines : lines.Prepend(""))];

    IReadOnlyList<string> Lines(Block block) => block switch
    {
        HeadingBlock heading => [Indent + page.Text(heading)],
        CodeBlock code => [.. MarkdownPage.Lines(code).Select(line => (Indent + Indent + line).TrimEnd())],
        ListBlock list => [.. page.ListItems(list).SelectMany(item => Wrap(item, Indent.Length, Indent.Length + item.IndexOf(' ') + 1))],
        _ => Wrap(page.Paragraph(block), Indent.Length, Indent.Length),
    };

    /// <summary>Wraps text at the topic's width; the first line gets indent, the others hangingIndent.</summary>
    static List<string> Wrap(string text, int indent, int hangingIndent)
    {
        var lines = new List<string>();
        string? line = null;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (line is not null && line.Length + 1 + word.Length > Width)
            {
                lines.Add(line);
                line = null;
            }
            line = line is null ? new string(' ', lines.Count == 0 ? indent : hangingIndent) + word : $"{line} {word}";
        }
        if (line is not null) lines.Add(line);
        return lines;
    }
}
