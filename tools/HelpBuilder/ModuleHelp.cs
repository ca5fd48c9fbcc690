using System.Management.Automation;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace HelpBuilder;

/// <summary>
/// A module's help: its exported commands, as the imported module reports them, with their pages, and its
/// about_ topics, from a folder of Markdown pages (Verb-Noun.md and about_Topic.md). A parameter that several
/// commands share is described once, in shared/Parameters.md, and each command that has it gets that text.
/// </summary>
public sealed class ModuleHelp
{
    readonly PSModuleInfo module;
    readonly IReadOnlyList<CommandInfo> commands;
    readonly IReadOnlyList<CommandPage> commandPages;
    readonly IReadOnlyList<AboutPage> aboutPages;

    /// <param name="liveCommands">
    /// The module's commands as Get-Command reports them: unlike the module's ExportedCommands, its parameter
    /// sets include the parameters a command adds at run time (its shared parameters).
    /// </param>
    public ModuleHelp(PSModuleInfo module, IEnumerable<CommandInfo> liveCommands, string docsPath)
    {
        this.module = module;
        commands = [.. liveCommands.Where(command => command.CommandType is CommandTypes.Cmdlet or CommandTypes.Function
                && module.ExportedCommands.ContainsKey(command.Name))
            .OrderBy(command => command.Name, StringComparer.OrdinalIgnoreCase)];
        var pages = Directory.GetFiles(docsPath, "*.md").Order(StringComparer.OrdinalIgnoreCase)
            .ToLookup(path => Path.GetFileName(path).StartsWith("about_", StringComparison.OrdinalIgnoreCase));
        var sharedPath = Path.Combine(docsPath, "shared", "Parameters.md");
        var shared = File.Exists(sharedPath) ? CommandPage.Read(sharedPath).Parameters : [];
        var ownPages = pages[false].Select(CommandPage.Read).ToList();
        commandPages = [.. ownPages.Select(page => page.WithShared(shared, commands.FirstOrDefault(command => command.Name.Equals(page.CommandName, StringComparison.OrdinalIgnoreCase))))];
        aboutPages = [.. pages[true].Select(path => new AboutPage(new MarkdownPage(path)))];
        Problems = [.. HelpCheck.Problems(module.Name, commands, commandPages, aboutPages), .. HelpCheck.SharedProblems(commands, ownPages, shared)];
    }

    /// <summary>Empty when the help is complete.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>
    /// Writes the MAML and one about_Topic.help.txt per topic into &lt;ModuleBase&gt;/en-US, where Get-Help
    /// looks (not in the assembly's folder; other cultures fall back to en-US), and returns their paths.
    /// </summary>
    public IReadOnlyList<string> Write()
    {
        if (Problems.Count > 0) throw new InvalidOperationException("The help is incomplete; see Problems.");
        var folder = Directory.CreateDirectory(Path.Combine(module.ModuleBase, "en-US")).FullName;
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        var mamlPaths = commands.GroupBy(HelpFileName).Select(group =>
        {
            var path = Path.Combine(folder, group.Key);
            var maml = new XElement(MamlCommand.Msh + "helpItems", new XAttribute("schema", "maml"),
                group.Select(command => new MamlCommand(command, commandPages.Single(page => page.CommandName.Equals(command.Name, StringComparison.OrdinalIgnoreCase))).ToXml()));
            using var writer = XmlWriter.Create(path, new XmlWriterSettings { Indent = true, NewLineChars = "\n", Encoding = utf8 });
            maml.Save(writer);
            return path;
        });
        var topicPaths = aboutPages.Select(about =>
        {
            var path = Path.Combine(folder, $"{about.Page.Name}.help.txt");
            File.WriteAllText(path, about.HelpText(), utf8);
            return path;
        });
        return [.. mamlPaths, .. topicPaths];
    }

    /// <summary>
    /// The file Get-Help looks in for a command's help: a cmdlet's HelpFile, &lt;assembly&gt;-Help.xml. A
    /// function's is whatever its '# .ExternalHelp' comment names, which PowerShell does not report, so
    /// functions get the conventional &lt;RootModule&gt;-Help.xml, and their comment must name that.
    /// </summary>
    string HelpFileName(CommandInfo command) =>
        command is CmdletInfo { HelpFile: { Length: > 0 } helpFile } ? Path.GetFileName(helpFile) : $"{Path.GetFileName(module.RootModule)}-Help.xml";
}
