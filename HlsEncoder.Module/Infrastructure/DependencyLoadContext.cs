using System.Reflection;
using System.Runtime.Loader;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>
/// Loads the engine and its dependencies (Polly, Microsoft.Extensions.*, FFMpegCore, Whisper.net) from
/// bin/deps into a load context of their own, so that another module's versions of the same
/// assemblies never clash with ours. Only the cmdlet assembly lives in the default context.
/// </summary>
internal sealed class DependencyLoadContext : AssemblyLoadContext
{
    private static readonly Assembly ModuleAssembly = typeof(DependencyLoadContext).Assembly;
    private static readonly string ModuleBinPath = Path.GetDirectoryName(ModuleAssembly.Location) ?? string.Empty;
    private static readonly string DependencyPath = Path.Combine(ModuleBinPath, "deps");

    // What the cmdlet assembly was compiled against (the engine, and the odd package it uses itself).
    // Everything else in bin/deps is asked for by the engine from inside this context, where Load finds it.
    private static readonly HashSet<string> ModuleReferences = ModuleAssembly.GetReferencedAssemblies()
        .Select(a => a.Name)
        .OfType<string>()
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static DependencyLoadContext? _instance;
    private static bool _registered;

    private DependencyLoadContext()
        : base("HlsEncoder", isCollectible: false)
    {
    }

    /// <summary>Routes the engine and its dependencies to this context; called when the module is imported.</summary>
    internal static void Register()
    {
        // In a build or test folder everything sits side by side and the default context finds it.
        if (Directory.Exists(DependencyPath) && !_registered)
        {
            // One context for the life of the process: assemblies already loaded into it stay usable after Remove-Module.
            _instance ??= new DependencyLoadContext();

            // AppDomain.AssemblyResolve rather than Default.Resolving: only it says which assembly asked,
            // and a load that another module or a script asks for must stay theirs to fail or to answer.
            AppDomain.CurrentDomain.AssemblyResolve += ResolveForModule;
            _registered = true;
        }
    }

    internal static void Unregister()
    {
        AppDomain.CurrentDomain.AssemblyResolve -= ResolveForModule;
        _registered = false;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var candidate = Path.Combine(DependencyPath, $"{assemblyName.Name}.dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var candidate = NativeCandidates(unmanagedDllName).FirstOrDefault(File.Exists);
        return candidate is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(candidate);
    }

    private static Assembly? ResolveForModule(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name);
        return IsModuleLoad(name, args.RequestingAssembly) ? _instance!.LoadFromAssemblyName(name) : null;
    }

    /// <summary>Whether the cmdlet assembly itself asks for one of its own references that bin/deps holds.</summary>
    private static bool IsModuleLoad(AssemblyName name, Assembly? requestingAssembly) =>
        requestingAssembly == ModuleAssembly
        && name.Name is { } simpleName
        && ModuleReferences.Contains(simpleName)
        && File.Exists(Path.Combine(DependencyPath, $"{simpleName}.dll"));

    private static IEnumerable<string> NativeCandidates(string name)
    {
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var folder = Path.Combine(DependencyPath, "runtimes", rid);
        var fileNames = OperatingSystem.IsWindows() ? new[] { name, $"{name}.dll" }
            : OperatingSystem.IsMacOS() ? new[] { name, $"lib{name}.dylib", $"{name}.dylib" }
            : new[] { name, $"lib{name}.so", $"{name}.so" };
        return fileNames.SelectMany(f => new[] { Path.Combine(folder, f), Path.Combine(folder, "native", f) });
    }
}
