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
    private static readonly string ModuleBinPath = Path.GetDirectoryName(typeof(DependencyLoadContext).Assembly.Location) ?? string.Empty;
    private static readonly string DependencyPath = Path.Combine(ModuleBinPath, "deps");
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
            Default.Resolving += ResolveFromDefault;
            _registered = true;
        }
    }

    internal static void Unregister()
    {
        Default.Resolving -= ResolveFromDefault;
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

    private static Assembly? ResolveFromDefault(AssemblyLoadContext context, AssemblyName assemblyName) =>
        File.Exists(Path.Combine(DependencyPath, $"{assemblyName.Name}.dll")) ? _instance!.LoadFromAssemblyName(assemblyName) : null;

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
