using System.Collections;
using System.Security;

namespace HlsEncoder.Module.Remoting;

/// <summary>
/// What every session of one Publish-HlsVideo -Session run needs: the module version they must have, the
/// backend (the URL, the token as a SecureString, and the other non-secret settings), and the options given
/// as the host sees them (model, ffmpeg). Only what was given explicitly goes along; the host
/// finds the rest itself, as it would for a run of its own.
/// </summary>
internal sealed class SessionWorkerOptions
{
    public required Version ModuleVersion { get; init; }

    /// <summary>This machine's module folder, for the copy command an error suggests.</summary>
    public required string ModuleBase { get; init; }

    public required string BackendUrl { get; init; }

    public required SecureString Token { get; init; }

    /// <summary>Non-secret settings that become the session's environment (endpoints, timeout).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    public string? Model { get; init; }

    public string? ModelName { get; init; }

    public int? Threads { get; init; }

    public string? FfmpegPath { get; init; }

    public bool DeleteLocal { get; init; }

    /// <summary>The hosts' commands write verbose text (shown here under the host's name).</summary>
    public bool Verbose { get; init; }

    /// <summary>The hosts' commands write debug text (shown here under the host's name).</summary>
    public bool Debug { get; init; }

    public void AddFfmpeg(Hashtable parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (FfmpegPath is not null)
        {
            parameters["FfmpegPath"] = FfmpegPath;
        }
    }

    public void AddModel(Hashtable parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        AddFfmpeg(parameters);
        if (Model is not null)
        {
            parameters["Model"] = Model;
        }

        if (ModelName is not null)
        {
            parameters["ModelName"] = ModelName;
        }

        if (Threads is { } threads)
        {
            parameters["Threads"] = threads;
        }
    }
}
