namespace HlsEncoder.Diagnostics;

/// <summary>How one check of the machine went.</summary>
public enum EnvironmentCheckStatus
{
    /// <summary>Ready: nothing to do.</summary>
    Passed,

    /// <summary>Works, with a limit worth knowing (little disk space, children not tied to the process); the fix says what would lift it.</summary>
    Warning,

    /// <summary>The commands that need this will fail until the fix is done.</summary>
    Failed,
}
