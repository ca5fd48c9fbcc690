using System.Management.Automation;

namespace HlsEncoder.Module.Parameters;

/// <summary>The machine-readable log of the run, overriding HLSENCODER_LOG_PATH: -LogPath (the long-running commands).</summary>
public sealed class RunLogParameters
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogPath { get; set; }
}
