using HlsEncoder.Backend;
using HlsEncoder.Configuration;

namespace HlsEncoder.Diagnostics;

/// <summary>What Test-HlsEncoderEnvironment checks, as the commands that do the work would see it. Paths are full file-system paths.</summary>
public sealed record EnvironmentCheckRequest
{
    /// <summary>FFMPEG_PATH (-FfmpegPath): ffmpeg or its folder; null searches PATH.</summary>
    public string? FfmpegPath { get; init; }

    /// <summary>Leaves the Whisper model out, on a machine that never transcribes.</summary>
    public bool SkipModel { get; init; }

    /// <summary>-Model: a model file.</summary>
    public string? ModelPath { get; init; }

    /// <summary>-ModelName: a model in the cache.</summary>
    public string? ModelName { get; init; }

    /// <summary>WHISPER_MODEL_PATH.</summary>
    public string? ModelSettingPath { get; init; }

    /// <summary>The model cache: WHISPER_MODEL_DIR, else the user's cache folder.</summary>
    public required string ModelCacheFolder { get; init; }

    /// <summary>The client the settings make; null when they cannot make one (then <see cref="BackendProblem"/> says why).</summary>
    public BackendClient? Backend { get; init; }

    /// <summary>Why the settings cannot make a backend client.</summary>
    public string? BackendProblem { get; init; }

    /// <summary>The folder where videos and their packages live, whose volume must have room.</summary>
    public required string WorkFolder { get; init; }

    /// <summary>The user's state folder (UserFolders.For(UserFolderKind.State)).</summary>
    public required string StateFolderPath { get; init; }

    /// <summary>Where Set-HlsEncoderDefault keeps its file (UserDefaultsStore.ForCurrentUser()).</summary>
    public required UserDefaultsStore Defaults { get; init; }
}
