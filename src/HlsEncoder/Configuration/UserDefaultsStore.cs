using System.Text.Json;

namespace HlsEncoder.Configuration;

/// <summary>
/// Keeps <see cref="UserDefaults"/> as JSON in the user's configuration folder:
/// $XDG_CONFIG_HOME/HlsEncoder/defaults.json (~/.config on Linux and macOS when unset), or
/// %APPDATA%\HlsEncoder\defaults.json on Windows.
/// </summary>
public sealed class UserDefaultsStore(string path)
{
    /// <summary>No version: the file has had none since the first release, and a field it does not know is ignored.</summary>
    private static readonly VersionedJsonFile<UserDefaults> DefaultsFile = new(new JsonSerializerOptions { WriteIndented = true });

    public string Path { get; } = path;

    /// <param name="environment">Reads an environment variable; the process environment when null.</param>
    /// <param name="platform">Whose rules for the user's config folder; the current platform's when null.</param>
    public static UserDefaultsStore ForCurrentUser(Func<string, string?>? environment = null, HostPlatform? platform = null) =>
        new((platform ?? HostPlatform.Current).Combine(UserFolders.For(UserFolderKind.Config, environment, platform), "defaults.json"));

    public UserDefaults Load()
    {
        var loaded = DefaultsFile.Read(Path, Invalid) ?? new UserDefaults();
        return new UserDefaults { CourseId = loaded.CourseId, Name = loaded.Name, Language = loaded.Language, DeleteLocal = loaded.DeleteLocal, Path = Path };
    }

    public void Save(UserDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        defaults.Validate();
        DefaultsFile.Write(Path, defaults);
    }

    /// <summary>Forgets every default; nothing to do when none was ever saved.</summary>
    public void Clear()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }

    private HlsEncoderException Invalid(string problem, Exception? cause) =>
        new("DefaultsInvalid", FailureKind.InvalidData, $"The saved defaults in {Path} {problem}. Run Set-HlsEncoderDefault -Clear, then set them again.", Path, cause);
}
