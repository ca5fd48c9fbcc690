namespace HlsEncoder.Configuration;

/// <summary>Where an effective setting came from, highest precedence first.</summary>
public enum SettingSource
{
    Parameter,
    Environment,
    EnvFile,
    Default,
    NotSet,
}
