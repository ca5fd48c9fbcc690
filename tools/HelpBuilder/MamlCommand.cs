using System.Globalization;
using System.Management.Automation;
using System.Xml.Linq;

namespace HelpBuilder;

/// <summary>
/// One command's MAML, the XML Get-Help reads for compiled cmdlets and for functions with '.ExternalHelp'.
/// What the command declares (parameter sets, types, Mandatory, Position, pipeline input, aliases,
/// wildcards, ValidateSet and enum values, OutputType) comes from the live command, so it cannot go
/// stale; the prose comes from its page.
/// </summary>
public sealed class MamlCommand(CommandInfo command, CommandPage page)
{
    public static readonly XNamespace Msh = "http://msh";
    static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    /// <summary>PowerShell's own texts for the ShouldProcess parameters, for pages that leave them out.</summary>
    static readonly Dictionary<string, string> ShouldProcessText = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WhatIf"] = "Shows what would happen if the cmdlet runs. The cmdlet is not run.",
        ["Confirm"] = "Prompts you for confirmation before running the cmdlet.",
    };

    public XElement ToXml()
    {
        var verbAndNoun = command.Name.Split('-', 2);
        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Command + "details",
                new XElement(Command + "name", command.Name),
                new XElement(Command + "verb", verbAndNoun[0]),
                new XElement(Command + "noun", verbAndNoun.ElementAtOrDefault(1) ?? ""),
                Description(page.Synopsis ?? [])),
            Description(page.Description ?? []),
            new XElement(Command + "syntax", command.ParameterSets.OrderByDescending(set => set.IsDefault).Select(SyntaxItem)),
            new XElement(Command + "parameters", ParameterEntries()),
            TypeList("inputTypes", "inputType", page.Inputs, command.Parameters.Values
                .Where(parameter => Members(parameter).Any(member => member.Member.ValueFromPipeline))
                .Select(parameter => TypeName(parameter.ParameterType, fullName: true))),
            TypeList("returnValues", "returnValue", page.Outputs, command.OutputType.Select(type => type.Type?.FullName ?? type.Name)),
            // Without an alertSet Get-Help leaves the NOTES heading out instead of showing it empty.
            page.Notes.Count > 0 ? new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(page.Notes))) : null,
            new XElement(Command + "examples", page.Examples.Select(example => new XElement(Command + "example",
                new XElement(Maml + "title", $"---------- {example.Title} ----------"),
                new XElement(Dev + "code", example.Code),
                new XElement(Dev + "remarks", Paragraphs(example.Remarks))))),
            new XElement(Maml + "relatedLinks", page.Links.Select(link => new XElement(Maml + "navigationLink",
                new XElement(Maml + "linkText", link.Text),
                new XElement(Maml + "uri", link.Uri)))));
    }

    public static bool IsCommon(string name) => Cmdlet.CommonParameters.Contains(name);

    /// <summary>
    /// A parameter set's syntax, ordered as PowerShell's own: positional by position, then mandatory, then optional;
    /// -WhatIf and -Confirm last, also after the parameters a command adds at run time.
    /// </summary>
    XElement SyntaxItem(CommandParameterSetInfo set) =>
        new(Command + "syntaxItem",
            new XElement(Maml + "name", command.Name),
            set.Parameters.Where(member => !IsCommon(member.Name))
                .OrderBy(member => member.Position != int.MinValue ? 0 : member.IsMandatory ? 1 : 2)
                .ThenBy(member => ShouldProcessText.ContainsKey(member.Name)).ThenBy(member => member.Position)
                .Select(member => Parameter(command.Parameters[member.Name], [(set.Name, member)], Describe(member.Name), inSyntax: true)));

    /// <summary>Every parameter but the common ones: in page order, then those the page leaves out (-WhatIf, -Confirm).</summary>
    IEnumerable<XElement> ParameterEntries() =>
        command.Parameters.Values.Where(parameter => !IsCommon(parameter.Name))
            .OrderBy(parameter => Documented(parameter.Name) is { } text ? page.Parameters.ToList().IndexOf(text) : int.MaxValue)
            .Select(parameter =>
            {
                // Get-Help shows a parameterValueGroup only in SYNTAX, so the entry states the values in words.
                var values = PossibleValues(parameter);
                var description = values.Count > 0 ? [.. Describe(parameter.Name), $"Accepted values: {string.Join(", ", values)}"] : Describe(parameter.Name);
                return Parameter(parameter, Members(parameter), description, inSyntax: false);
            });

    /// <summary>A parameter over the given parameter sets; in the syntax a switch shows no value, as platyPS writes it.</summary>
    XElement Parameter(ParameterMetadata parameter, IReadOnlyList<(string Set, CommandParameterInfo Member)> members, IReadOnlyList<string> description, bool inSyntax)
    {
        var isArray = Lower(parameter.ParameterType.IsArray);
        var isSwitch = parameter.SwitchParameter;
        var values = PossibleValues(parameter);
        return new XElement(Command + "parameter",
            new XAttribute("required", PerSet(members, member => Lower(member.IsMandatory))),
            new XAttribute("variableLength", isArray),
            new XAttribute("globbing", Lower(parameter.Attributes.OfType<SupportsWildcardsAttribute>().Any())),
            new XAttribute("pipelineInput", PipelineInput(members)),
            new XAttribute("position", PerSet(members, member => member.Position == int.MinValue ? "named" : member.Position.ToString(CultureInfo.InvariantCulture))),
            new XAttribute("aliases", parameter.Aliases.Count > 0 ? string.Join(", ", parameter.Aliases) : "none"),
            new XElement(Maml + "name", parameter.Name),
            Description(description),
            values.Count > 0 ? new XElement(Command + "parameterValueGroup", values.Select(value => new XElement(Command + "parameterValue",
                new XAttribute("required", "false"), new XAttribute("variableLength", "false"), value))) : null,
            inSyntax && isSwitch ? null : new XElement(Command + "parameterValue",
                new XAttribute("required", Lower(!isSwitch)), new XAttribute("variableLength", isArray),
                // An optional number shows as what is typed (Int32), as PowerShell's own syntax shows it.
                isSwitch ? "SwitchParameter" : TypeName(Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType, fullName: false)),
            new XElement(Dev + "type",
                new XElement(Maml + "name", TypeName(parameter.ParameterType, fullName: true)),
                new XElement(Maml + "uri")),
            new XElement(Dev + "defaultValue", Documented(parameter.Name)?.DefaultValue ?? (isSwitch ? "False" : "None")));
    }

    IReadOnlyList<(string Set, CommandParameterInfo Member)> Members(ParameterMetadata parameter) =>
        command.ParameterSets.SelectMany(set => set.Parameters.Where(member => member.Name == parameter.Name).Select(member => (set.Name, member))).ToList();

    ParameterText? Documented(string name) =>
        page.Parameters.FirstOrDefault(text => text.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    IReadOnlyList<string> Describe(string name) =>
        Documented(name) is { Description.Count: > 0 } text ? text.Description
        : ShouldProcessText.TryGetValue(name, out var standard) ? [standard]
        : [];

    /// <summary>The page's entries, plus the live types it does not name (in full or short); 'None' only when there are none.</summary>
    XElement TypeList(string listName, string itemName, IReadOnlyList<TypeText> documented, IEnumerable<string> liveTypes)
    {
        var unnamed = liveTypes.Distinct()
            .Where(type => !documented.Any(entry => entry.TypeName == type || entry.TypeName == type.Split('.')[^1]))
            .Select(type => new TypeText(type, [])).ToList();
        List<TypeText> entries = [.. documented.Where(entry => unnamed.Count == 0 || entry.TypeName != "None"), .. unnamed];
        if (entries.Count == 0) entries.Add(new TypeText("None", []));
        return new XElement(Command + listName, entries.Select(entry => new XElement(Command + itemName,
            new XElement(Dev + "type", new XElement(Maml + "name", entry.TypeName)),
            Description(entry.Description))));
    }

    static IReadOnlyList<string> PossibleValues(ParameterMetadata parameter)
    {
        if (parameter.Attributes.OfType<ValidateSetAttribute>().FirstOrDefault() is { } validateSet) return [.. validateSet.ValidValues];
        var type = parameter.ParameterType.IsArray ? parameter.ParameterType.GetElementType()! : parameter.ParameterType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsEnum ? Enum.GetNames(type) : [];
    }

    /// <summary>One value when every parameter set agrees, else 'value (Set), ...' so that no set is misrepresented.</summary>
    static string PerSet(IReadOnlyList<(string Set, CommandParameterInfo Member)> members, Func<CommandParameterInfo, string> value)
    {
        var values = members.Select(member => (member.Set, Value: value(member.Member))).ToList();
        return values.DistinctBy(entry => entry.Value).Count() == 1 ? values[0].Value : string.Join(", ", values.Select(entry => $"{entry.Value} ({entry.Set})"));
    }

    static string PipelineInput(IReadOnlyList<(string Set, CommandParameterInfo Member)> members)
    {
        var kinds = new List<string>();
        if (members.Any(entry => entry.Member.ValueFromPipeline)) kinds.Add("ByValue");
        if (members.Any(entry => entry.Member.ValueFromPipelineByPropertyName)) kinds.Add("ByPropertyName");
        return kinds.Count == 0 ? "False" : $"True ({string.Join(", ", kinds)})";
    }

    /// <summary>String[], Nullable[Int32]; with fullName System.String[], System.Nullable[System.Int32].</summary>
    static string TypeName(Type type, bool fullName)
    {
        if (type.IsArray) return $"{TypeName(type.GetElementType()!, fullName)}[{new string(',', type.GetArrayRank() - 1)}]";
        if (!type.IsGenericType) return fullName ? type.FullName ?? type.Name : type.Name;
        var name = type.Name[..type.Name.IndexOf('`')];
        return $"{(fullName ? type.Namespace + "." : "")}{name}[{string.Join(", ", type.GetGenericArguments().Select(argument => TypeName(argument, fullName)))}]";
    }

    static XElement Description(IReadOnlyList<string> paragraphs) => new(Maml + "description", Paragraphs(paragraphs));

    /// <summary>At least one maml:para, as Get-Help expects.</summary>
    static IEnumerable<XElement> Paragraphs(IReadOnlyList<string> paragraphs) =>
        (paragraphs.Count > 0 ? paragraphs : [""]).Select(paragraph => new XElement(Maml + "para", paragraph));

    static string Lower(bool value) => value ? "true" : "false";
}
