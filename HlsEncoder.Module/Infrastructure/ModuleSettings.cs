using System.Management.Automation;
using HlsEncoder.Configuration;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>
/// Settings for cmdlets that do not talk to the backend (encoding, transcription): the given parameters,
/// then the environment, the .env file in the current location (or HLSENCODER_ENV_FILE), then defaults.
/// </summary>
internal static class ModuleSettings
{
    /// <exception cref="HlsEncoderException">The .env file is missing or unreadable.</exception>
    public static HlsEncoderConfiguration Load(PSCmdlet cmdlet, IReadOnlyDictionary<string, string?> parameters)
    {
        ArgumentNullException.ThrowIfNull(cmdlet);
        var configuration = SettingsLoader.Load(new SettingsRequest
        {
            Parameters = parameters,
            WorkingDirectory = cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath,
        });
        if (configuration.EnvFilePath is { } envFile)
        {
            cmdlet.WriteVerbose($"Settings: read {envFile}.");
        }

        return configuration;
    }
}
