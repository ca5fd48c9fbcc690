namespace HlsEncoder;

/// <summary>What a per-user folder holds, which decides where it is.</summary>
public enum UserFolderKind
{
    /// <summary>Settings the user chose (remembered defaults): %APPDATA%, $XDG_CONFIG_HOME or ~/.config.</summary>
    Config,

    /// <summary>What can be fetched again (Whisper models): %LOCALAPPDATA%, $XDG_CACHE_HOME or ~/.cache.</summary>
    Cache,

    /// <summary>What HlsEncoder remembers about this machine's work: %LOCALAPPDATA%\HlsEncoder\state, $XDG_STATE_HOME or ~/.local/state.</summary>
    State,
}

/// <summary>
/// The current user's HlsEncoder folders, by the platform's rules: the XDG base directories on Linux and
/// macOS (a relative XDG variable is invalid and ignored, as the spec says), the roaming and local
/// application-data folders on Windows.
/// </summary>
public static class UserFolders
{
    /// <param name="environment">Reads an environment variable; the process environment when null.</param>
    /// <param name="platform">Whose rules; the current platform's when null.</param>
    public static string For(UserFolderKind kind, Func<string, string?>? environment = null, HostPlatform? platform = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        platform ??= HostPlatform.Current;
        if (platform.IsWindows)
        {
            var (variable, folder) = kind == UserFolderKind.Config
                ? ("APPDATA", Environment.SpecialFolder.ApplicationData)
                : ("LOCALAPPDATA", Environment.SpecialFolder.LocalApplicationData);
            var root = environment(variable) is { Length: > 0 } value ? value : Environment.GetFolderPath(folder);
            return kind == UserFolderKind.State ? platform.Combine(root, ProductInfo.Name, "state") : platform.Combine(root, ProductInfo.Name);
        }

        var (xdgVariable, fallback) = kind switch
        {
            UserFolderKind.Config => ("XDG_CONFIG_HOME", ".config"),
            UserFolderKind.Cache => ("XDG_CACHE_HOME", ".cache"),
            _ => ("XDG_STATE_HOME", ".local/state"),
        };
        if (environment(xdgVariable) is { Length: > 0 } xdg && platform.IsFullyQualified(xdg))
        {
            return platform.Combine(xdg, ProductInfo.Name);
        }

        var home = environment("HOME") is { Length: > 0 } set ? set : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return platform.Combine(home, fallback, ProductInfo.Name);
    }
}
