using System.Text.RegularExpressions;
using DotNetEnv;
using Microsoft.Extensions.Configuration;

namespace HlsEncoder.Configuration;

/// <summary>
/// Resolves the effective settings, highest first: parameters, environment variables, the .env file,
/// defaults. The .env file is only read, never exported into the process environment, so that child
/// processes such as ffmpeg never inherit the token.
/// </summary>
public static partial class SettingsLoader
{
    private const string DefaultEnvFileName = ".env";

    public static HlsEncoderConfiguration Load(SettingsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var envFile = ResolveEnvFile(request);
        var layers = new List<(SettingSource Source, string? Origin)>();
        var builder = new ConfigurationBuilder();

        builder.AddInMemoryCollection(SettingDefinition.All.Where(d => d.DefaultValue is not null)
            .Select(d => new KeyValuePair<string, string?>(d.Name, d.DefaultValue)));
        layers.Add((SettingSource.Default, null));

        builder.AddInMemoryCollection(envFile is null ? [] : ReadEnvFile(envFile));
        layers.Add((SettingSource.EnvFile, envFile));

        if (request.Environment is null)
        {
            builder.AddEnvironmentVariables();
        }
        else
        {
            builder.AddInMemoryCollection(request.Environment);
        }

        layers.Add((SettingSource.Environment, null));

        builder.AddInMemoryCollection(request.Parameters.Where(p => p.Value is not null));
        layers.Add((SettingSource.Parameter, null));

        var providers = builder.Build().Providers.ToArray();
        var values = new Dictionary<string, (string? Value, SettingSource Source, string? Origin)>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in SettingDefinition.All)
        {
            values[definition.Name] = Resolve(definition.Name, providers, layers);
        }

        return new HlsEncoderConfiguration(values, envFile);
    }

    private static (string? Value, SettingSource Source, string? Origin) Resolve(
        string name, IConfigurationProvider[] providers, List<(SettingSource Source, string? Origin)> layers)
    {
        // An empty variable (BACKEND_URL=) means "not set here", so a lower layer still applies.
        for (var i = providers.Length - 1; i >= 0; i--)
        {
            if (providers[i].TryGet(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return (value.Trim(), layers[i].Source, layers[i].Origin);
            }
        }

        return (null, SettingSource.NotSet, null);
    }

    private static string? ResolveEnvFile(SettingsRequest request)
    {
        var named = request.EnvFile;
        var namedBy = "-EnvFile";
        if (string.IsNullOrWhiteSpace(named))
        {
            named = request.Environment is null
                ? System.Environment.GetEnvironmentVariable(SettingNames.EnvFile)
                : request.Environment.GetValueOrDefault(SettingNames.EnvFile);
            namedBy = SettingNames.EnvFile;
        }

        if (!string.IsNullOrWhiteSpace(named))
        {
            var path = Path.GetFullPath(named, request.WorkingDirectory);
            return File.Exists(path)
                ? path
                : throw new HlsEncoderException(
                    "EnvFileNotFound", FailureKind.NotFound,
                    $"The .env file named by {namedBy} was not found: {path}. Fix the path, or remove {namedBy} to read ./.env.", path);
        }

        var local = Path.Combine(request.WorkingDirectory, DefaultEnvFileName);
        return File.Exists(local) ? local : null;
    }

    private static IEnumerable<KeyValuePair<string, string?>> ReadEnvFile(string path)
    {
        try
        {
            return Env.Load(path, new LoadOptions(setEnvVars: false, clobberExistingVars: false, onlyExactPath: true))
                .Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))
                .ToArray();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The parser's message quotes the text it just read, which may be a token: keep only the position.
            var position = ParsePosition().Match(e.Message);
            var where = position.Success ? $" at line {position.Groups[1].Value}, column {position.Groups[2].Value}" : string.Empty;
            throw new HlsEncoderException(
                "EnvFileInvalid", FailureKind.InvalidConfiguration,
                $"The .env file {path} could not be read{where}. Each line must be NAME=value, a comment (#) or empty (see .env.example).", path);
        }
    }

    [GeneratedRegex(@"\(Line (\d+), Column (\d+)\)")]
    private static partial Regex ParsePosition();
}
