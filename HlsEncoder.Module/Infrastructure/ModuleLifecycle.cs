using System.Management.Automation;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>
/// PowerShell calls this when the module is imported, before it reads any cmdlet's parameter or
/// output types (which live in the engine), and again when the module is removed. It also hands
/// SIGTERM, SIGHUP and SIGQUIT to the running work (<see cref="ShutdownSignals"/>).
/// </summary>
public sealed class ModuleLifecycle : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport()
    {
        DependencyLoadContext.Register();
        ShutdownSignals.Register();
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        ShutdownSignals.Unregister();
        DependencyLoadContext.Unregister();
    }
}
