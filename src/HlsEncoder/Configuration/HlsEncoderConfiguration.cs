using System.Globalization;
using HlsEncoder.Validation;

namespace HlsEncoder.Configuration;

/// <summary>The effective settings of one command: each value with where it came from and what is wrong with it.</summary>
public sealed class HlsEncoderConfiguration
{
    private readonly IReadOnlyDictionary<string, (string? Value, SettingSource Source, string? Origin)> _values;

    internal HlsEncoderConfiguration(IReadOnlyDictionary<string, (string? Value, SettingSource Source, string? Origin)> values, string? envFilePath)
    {
        _values = values;
        EnvFilePath = envFilePath;
        Settings = SettingDefinition.All
            .Select(d => new HlsEncoderSetting(d, _values[d.Name].Value, _values[d.Name].Source, _values[d.Name].Origin, FindProblem(d.Name)))
            .ToArray();
    }

    /// <summary>The .env file that was read, or null when none was.</summary>
    public string? EnvFilePath { get; }

    public IReadOnlyList<HlsEncoderSetting> Settings { get; }

    public string? GetValue(string name) => _values[SettingDefinition.Get(name).Name].Value;

    public SettingSource GetSource(string name) => _values[SettingDefinition.Get(name).Name].Source;

    /// <summary>The default language, already checked against the supported list.</summary>
    public string DefaultLanguage => TargetRules.NormalizeLanguage(GetValue(SettingNames.DefaultLanguage) ?? "en");

    /// <summary>Where videos' keys go: S3_KEY_LAYOUT, checked.</summary>
    /// <exception cref="HlsEncoderException">S3_KEY_LAYOUT is neither Video nor Course.</exception>
    public S3KeyLayout KeyLayout => ParseLayout(GetValue(SettingNames.S3KeyLayout))
        ?? throw new HlsEncoderException("InvalidKeyLayout", FailureKind.InvalidConfiguration, FindProblem(SettingNames.S3KeyLayout)!, GetValue(SettingNames.S3KeyLayout));

    /// <summary>The validated backend settings, or one error that lists every problem and its fix.</summary>
    public BackendOptions GetBackendOptions()
    {
        var problems = new[] { SettingNames.BackendUrl, SettingNames.AuthToken, SettingNames.PresignExactEndpoint, SettingNames.FileCreateEndpoint, SettingNames.AuthValidateEndpoint, SettingNames.RequestTimeoutSeconds }
            .Select(FindProblem)
            .OfType<string>()
            .ToArray();
        if (problems.Length > 0)
        {
            var kind = GetValue(SettingNames.BackendUrl) is null || GetValue(SettingNames.AuthToken) is null ? "BackendNotConfigured" : "InvalidBackendConfiguration";
            throw new HlsEncoderException(kind, FailureKind.InvalidConfiguration, string.Join(" ", problems), GetValue(SettingNames.BackendUrl));
        }

        return new BackendOptions(BackendUrlRule.Parse(GetValue(SettingNames.BackendUrl)), new SecretToken(GetValue(SettingNames.AuthToken)!))
        {
            AuthValidateEndpoint = GetValue(SettingNames.AuthValidateEndpoint)!,
            PresignExactEndpoint = GetValue(SettingNames.PresignExactEndpoint)!,
            FileCreateEndpoint = GetValue(SettingNames.FileCreateEndpoint)!,
            RequestTimeout = TimeSpan.FromSeconds(int.Parse(GetValue(SettingNames.RequestTimeoutSeconds)!, CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>Every value the configuration holds that must never be shown (for redaction).</summary>
    internal IEnumerable<string> SecretValues() =>
        SettingDefinition.All.Where(d => d.IsSecret).Select(d => _values[d.Name].Value).OfType<string>();

    /// <summary>A layout by its name, in any case; null for anything else (numbers included).</summary>
    private static S3KeyLayout? ParseLayout(string? value) =>
        Enum.GetValues<S3KeyLayout>().Select(l => (S3KeyLayout?)l).FirstOrDefault(l => string.Equals(l.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase));

    private string? FindProblem(string name)
    {
        var value = _values[name].Value;
        switch (name)
        {
            case SettingNames.BackendUrl:
                return BackendUrlRule.Check(value);
            case SettingNames.AuthToken when value is null:
                return "AUTH_TOKEN is not set. Set it in the environment or a .env file, or pass -Token (SecureString) or -Credential.";
            case SettingNames.AuthToken:
                try
                {
                    _ = new SecretToken(value);
                    return null;
                }
                catch (HlsEncoderException e)
                {
                    return e.Message;
                }

            case SettingNames.PresignExactEndpoint or SettingNames.FileCreateEndpoint or SettingNames.AuthValidateEndpoint:
                return EndpointRule.Check(name, value);
            case SettingNames.RequestTimeoutSeconds:
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 3600
                    ? null
                    : $"REQUEST_TIMEOUT_SECONDS '{value}' must be a whole number of seconds from 1 to 3600.";
            case SettingNames.DefaultLanguage:
                return TargetRules.CheckLanguage(value) is { } problem ? $"DEFAULT_LANGUAGE: {problem}" : null;
            case SettingNames.S3KeyLayout:
                return ParseLayout(value) is not null
                    ? null
                    : $"S3_KEY_LAYOUT '{value}' must be Video (a folder per video, the default) or Course (the flat folder of one video per course and language).";
            default:
                return null;
        }
    }
}
