namespace HlsEncoder.Configuration;

/// <summary>One effective setting as Get-HlsEncoderConfiguration shows it. A secret's value is never held here.</summary>
public sealed class HlsEncoderSetting
{
    internal HlsEncoderSetting(SettingDefinition definition, string? value, SettingSource source, string? origin, string? problem)
    {
        Name = definition.Name;
        IsSecret = definition.IsSecret;
        IsSet = value is not null;
        Value = definition.IsSecret ? (IsSet ? "(set)" : null) : value;
        Source = source;
        Origin = origin;
        Description = definition.Description;
        Problem = problem;
    }

    public string Name { get; }

    /// <summary>The effective value; for a secret only "(set)" or nothing.</summary>
    public string? Value { get; }

    public bool IsSet { get; }

    public bool IsSecret { get; }

    public SettingSource Source { get; }

    /// <summary>The .env file's path when <see cref="Source"/> is EnvFile.</summary>
    public string? Origin { get; }

    public string Description { get; }

    /// <summary>Why the value cannot be used, or null when it is fine.</summary>
    public string? Problem { get; }

    public override string ToString() => $"{Name}={Value}";
}
