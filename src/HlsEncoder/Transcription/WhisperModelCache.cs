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
    public static string ResolveFolder(string? configured, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(configured.Trim()));
        }

        if (OperatingSystem.IsWindows())
        {
            var local = environment("LOCALAPPDATA");
            return Path.Combine(string.IsNullOrWhiteSpace(local) ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData) : local, "HlsEncoder", "models");
        }

        // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
        var xdg = environment("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathFullyQualified(xdg))
        {
            return Path.Combine(xdg, "HlsEncoder", "models");
        }

        var home = environment("HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return Path.Combine(home, ".cache", "HlsEncoder", "models");
    }

    /// <summary>Where the model of that name is (or would be) kept.</summary>
    public static string PathOf(string folder, string modelName) => Path.Combine(folder, WhisperModelCatalog.FileName(modelName));
}
