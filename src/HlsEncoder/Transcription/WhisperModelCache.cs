namespace HlsEncoder.Transcription;

/// <summary>
/// The folder that Save-WhisperModel downloads into and -ModelName looks in: WHISPER_MODEL_DIR when set,
/// else the user's cache folder: %LOCALAPPDATA%\HlsEncoder\models on Windows, $XDG_CACHE_HOME/HlsEncoder/models
/// or ~/.cache/HlsEncoder/models elsewhere. Models are large and can be downloaded again, so they belong in
/// a cache, not among settings or documents.
/// </summary>
public static class WhisperModelCache
{
    /// <param name="configured">The WHISPER_MODEL_DIR setting, or null.</param>
    /// <param name="environment">Reads an environment variable (the process environment when null).</param>
    /// <param name="platform">Whose rules for the user's cache folder; the current platform's when null.</param>
    public static string ResolveFolder(string? configured, Func<string, string?>? environment = null, HostPlatform? platform = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(configured.Trim()));
        }

        var hlsEncoder = UserFolders.For(UserFolderKind.Cache, environment, platform);
        return (platform ?? HostPlatform.Current).Combine(hlsEncoder, "models");
    }

    /// <summary>Where the model of that name is (or would be) kept.</summary>
    public static string PathOf(string folder, string modelName) => Path.Combine(folder, WhisperModelCatalog.FileName(modelName));
}
