namespace HlsEncoder;

/// <summary>
/// The user's folder for what HlsEncoder remembers about this machine's work (not settings, not caches):
/// $XDG_STATE_HOME/HlsEncoder, ~/.local/state/HlsEncoder when that is unset (Linux and macOS), or
/// %LOCALAPPDATA%\HlsEncoder\state on Windows.
/// </summary>
public static class StateFolder
{
    public static string ForCurrentUser(IReadOnlyDictionary<string, string?>? environment = null)
    {
        string? Variable(string name) => environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name);
        if (OperatingSystem.IsWindows())
        {
            var local = Variable("LOCALAPPDATA");
            return Path.Combine(string.IsNullOrWhiteSpace(local) ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData) : local, ProductInfo.Name, "state");
        }

        // The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
        var xdg = Variable("XDG_STATE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Variable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(root, ProductInfo.Name);
    }
}
