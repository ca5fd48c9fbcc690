using System.Text.RegularExpressions;
using HlsEncoder.Tests.LocalPlatform;

namespace HlsEncoder.Tests;

/// <summary>
/// The engine's folders depend on each other in one direction only: the shared nouns (the package on
/// disk, the external tools) sit below the phases that use them, and no phase imports another. A new
/// arrow that points the wrong way fails here, naming the file.
/// </summary>
public sealed partial class ArchitectureTests
{
    /// <summary>What each engine folder may use, besides the engine's root (exceptions, logging, atomic files).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        [""] = [],
        ["Validation"] = [],
        ["Resilience"] = [],
        ["ExternalTools"] = [],
        ["Configuration"] = ["Validation"],
        ["Backend"] = ["Configuration", "Resilience", "Validation"],
        ["Packaging"] = ["Validation"],
        ["Ladder"] = ["ExternalTools", "Packaging"],
        ["Transcription"] = ["ExternalTools", "Packaging", "Configuration", "Resilience", "Validation"],
        ["Upload"] = ["Packaging", "Backend", "Resilience", "Validation"],
        ["Publishing"] = ["ExternalTools", "Packaging", "Ladder", "Transcription", "Upload", "Backend", "Configuration", "Resilience", "Validation"],
        ["Diagnostics"] = ["ExternalTools", "Packaging", "Transcription", "Backend", "Configuration", "Validation"],
    };

    private static string EngineRoot => Path.Combine(LocalPlatformBuild.RepoRoot, "src", "HlsEncoder");

    public static TheoryData<string> EngineFolders()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Allowed.Keys)
        {
            data.Add(folder);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EngineFolders))]
    public void An_engine_folder_uses_only_the_folders_below_it(string folder)
    {
        var wrong = SourceFiles(folder)
            .SelectMany(file => UsedFolders(File.ReadAllText(file))
                .Where(used => used != folder && !Allowed[folder].Contains(used))
                .Select(used => $"{Path.GetRelativePath(EngineRoot, file)} uses {used}"))
            .ToArray();

        Assert.True(wrong.Length == 0, $"{(folder.Length == 0 ? "The engine's root" : folder)} may use only {string.Join(", ", Allowed[folder].DefaultIfEmpty("nothing else"))}: {string.Join("; ", wrong)}");
    }

    [Fact]
    public void Every_engine_folder_is_in_the_table_and_every_file_is_in_its_folders_namespace()
    {
        var folders = Directory.GetDirectories(EngineRoot)
            .Select(Path.GetFileName)
            .Where(name => name is not ("bin" or "obj"))
            .ToArray();
        Assert.All(folders, name => Assert.True(Allowed.ContainsKey(name!), $"src/HlsEncoder/{name} is not in ArchitectureTests.Allowed: say what it may use."));

        var misplaced = Allowed.Keys
            .SelectMany(folder => SourceFiles(folder).Select(file => (folder, file, ns: NamespaceOf(File.ReadAllText(file)))))
            .Where(f => f.ns != (f.folder.Length == 0 ? "HlsEncoder" : $"HlsEncoder.{f.folder}"))
            .Select(f => $"{Path.GetRelativePath(EngineRoot, f.file)} declares {f.ns}")
            .ToArray();
        Assert.Empty(misplaced);
    }

    [Fact]
    public void No_engine_folder_is_named_like_a_dotnet_type_the_engine_code_sees()
    {
        // Inside namespace HlsEncoder.X, a folder named Encoding hides System.Text.Encoding: Encoding.UTF8 no longer compiles.
        string[] imported = ["System", "System.IO", "System.Text", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks", "System.Collections.Generic", "System.Diagnostics"];
        var dotnetTypes = new[] { typeof(object), typeof(HttpClient), typeof(System.Diagnostics.Process), typeof(Enumerable) }
            .SelectMany(t => t.Assembly.GetExportedTypes())
            .Where(t => imported.Contains(t.Namespace))
            .Select(t => t.Name.Split('`')[0])
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("Encoding", dotnetTypes);
        Assert.DoesNotContain(Allowed.Keys, dotnetTypes.Contains);
    }

    [Fact]
    public void The_check_sees_a_wrong_arrow()
    {
        const string source = "using HlsEncoder.Packaging;\nusing HlsEncoder.Transcription;\nnamespace HlsEncoder.Ladder;\n" +
            "class A { HlsEncoder.Upload.UploadPlan? P; Resilience.RetrySchedule? R; string T => System.Text.Encoding.UTF8.WebName; }";

        Assert.Equal(["Packaging", "Resilience", "Transcription", "Upload"], UsedFolders(source).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> SourceFiles(string folder) =>
        folder.Length == 0
            ? Directory.EnumerateFiles(EngineRoot, "*.cs", SearchOption.TopDirectoryOnly)
            : Directory.EnumerateFiles(Path.Combine(EngineRoot, folder), "*.cs", SearchOption.AllDirectories);

    /// <summary>
    /// The folders a source file uses: "using HlsEncoder.X;", a qualified "HlsEncoder.X.Type", or "X.Type"
    /// relative to the engine's namespace (as in "Resilience.RetrySchedule").
    /// </summary>
    private static IEnumerable<string> UsedFolders(string source)
    {
        var code = FileScopedNamespace().Replace(source, string.Empty);
        var qualified = UsingOrQualifiedName().Matches(code).Select(m => m.Groups[1].Value);
        var relative = RelativeName().Matches(code).Select(m => m.Groups[1].Value).Where(Allowed.ContainsKey);
        return qualified.Concat(relative).Where(name => name.Length > 0).Distinct(StringComparer.Ordinal);
    }

    private static string NamespaceOf(string source) => FileScopedNamespace().Match(source).Groups[1].Value;

    // "X.Type" not preceded by a dot or a letter, where X is an engine folder (System.Text.Encoding.UTF8 is not).
    [GeneratedRegex(@"(?<![\w.])([A-Z][A-Za-z]+)\.[A-Z]\w*(?=[\s.(<>?,;)\[\]])")]
    private static partial Regex RelativeName();

    // "using HlsEncoder.X;" or a qualified "HlsEncoder.X.Type" anywhere in the code.
    [GeneratedRegex(@"\bHlsEncoder\.([A-Z][A-Za-z]+)(?=\s*;|\.)")]
    private static partial Regex UsingOrQualifiedName();

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileScopedNamespace();
}
