namespace HlsEncoder.Configuration;

/// <summary>What a caller knows when settings are resolved: its own parameters and where it runs.</summary>
public sealed class SettingsRequest
{
    /// <summary>Values given as cmdlet parameters; they win over everything else. Null values are ignored.</summary>
    public IReadOnlyDictionary<string, string?> Parameters { get; init; } = new Dictionary<string, string?>();

    /// <summary>An explicit .env file (-EnvFile); it must exist.</summary>
    public string? EnvFile { get; init; }

    /// <summary>The folder a relative .env path and the default ./.env are resolved against.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Replaces the process environment (tests); null reads the real environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }
}
