using HlsEncoder.Configuration;

namespace HlsEncoder.Tests.Configuration;

public sealed class SettingsLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-settings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Parameters_win_over_environment_which_wins_over_env_file_which_wins_over_defaults()
    {
        WriteEnvFile(".env", "BACKEND_URL=https://from-file.example", "DEFAULT_LANGUAGE=fr", "REQUEST_TIMEOUT_SECONDS=12", "FFMPEG_PATH=/opt/ffmpeg");
        var configuration = Load(
            environment: new() { ["DEFAULT_LANGUAGE"] = "de", ["REQUEST_TIMEOUT_SECONDS"] = "40" },
            parameters: new() { ["REQUEST_TIMEOUT_SECONDS"] = "50" });

        Assert.Equal(("https://from-file.example", SettingSource.EnvFile), Effective(configuration, "BACKEND_URL"));
        Assert.Equal(("de", SettingSource.Environment), Effective(configuration, "DEFAULT_LANGUAGE"));
        Assert.Equal(("50", SettingSource.Parameter), Effective(configuration, "REQUEST_TIMEOUT_SECONDS"));
        Assert.Equal(("/opt/ffmpeg", SettingSource.EnvFile), Effective(configuration, "FFMPEG_PATH"));
        Assert.Equal(("/api/v1/admin/auth/me", SettingSource.Default), Effective(configuration, "AUTH_VALIDATE_ENDPOINT"));
        Assert.Equal((null, SettingSource.NotSet), Effective(configuration, "WHISPER_MODEL_PATH"));
        Assert.Equal(Path.Combine(_folder, ".env"), configuration.Settings.Single(s => s.Name == "BACKEND_URL").Origin);
    }

    [Fact]
    public void An_empty_variable_does_not_hide_a_lower_layer()
    {
        WriteEnvFile(".env", "BACKEND_URL=https://from-file.example");
        var configuration = Load(environment: new() { ["BACKEND_URL"] = "  " }, parameters: new() { ["BACKEND_URL"] = null });

        Assert.Equal(("https://from-file.example", SettingSource.EnvFile), Effective(configuration, "BACKEND_URL"));
    }

    [Fact]
    public void The_env_file_is_read_but_never_exported_to_the_process_environment()
    {
        var name = $"HLSENCODER_TEST_{Guid.NewGuid():N}";
        WriteEnvFile(".env", $"{name}=leak", "AUTH_TOKEN=aaa.bbb.ccc");

        var configuration = Load();

        Assert.True(configuration.Settings.Single(s => s.Name == "AUTH_TOKEN").IsSet);
        Assert.Null(Environment.GetEnvironmentVariable(name));
        Assert.Null(Environment.GetEnvironmentVariable("AUTH_TOKEN"));
    }

    [Fact]
    public void An_env_file_named_by_HLSENCODER_ENV_FILE_is_used_instead_of_the_local_one()
    {
        WriteEnvFile(".env", "DEFAULT_LANGUAGE=fr");
        var named = WriteEnvFile("ops/prod.env", "DEFAULT_LANGUAGE=ar");

        var configuration = Load(environment: new() { ["HLSENCODER_ENV_FILE"] = "ops/prod.env" });

        Assert.Equal(named, configuration.EnvFilePath);
        Assert.Equal("ar", configuration.DefaultLanguage);
    }

    [Fact]
    public void An_explicit_env_file_wins_over_HLSENCODER_ENV_FILE()
    {
        WriteEnvFile("a.env", "DEFAULT_LANGUAGE=es");
        var explicitFile = WriteEnvFile("b.env", "DEFAULT_LANGUAGE=hi");

        var configuration = Load(environment: new() { ["HLSENCODER_ENV_FILE"] = "a.env" }, envFile: "b.env");

        Assert.Equal(explicitFile, configuration.EnvFilePath);
        Assert.Equal("hi", configuration.DefaultLanguage);
    }

    [Theory]
    [InlineData(null, "HLSENCODER_ENV_FILE")]
    [InlineData("missing.env", "-EnvFile")]
    public void A_named_env_file_that_does_not_exist_is_an_error_that_names_who_named_it(string? envFile, string namedBy)
    {
        var error = Assert.Throws<HlsEncoderException>(() => Load(environment: new() { ["HLSENCODER_ENV_FILE"] = "gone.env" }, envFile: envFile));

        Assert.Equal("EnvFileNotFound", error.ErrorId);
        Assert.Contains(namedBy, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_local_env_file_is_fine()
    {
        var configuration = Load();

        Assert.Null(configuration.EnvFilePath);
        Assert.Equal("en", configuration.DefaultLanguage);
    }

    [Fact]
    public void A_malformed_env_file_gives_its_line_without_quoting_its_contents()
    {
        WriteEnvFile(".env", "BACKEND_URL=https://a.example", "AUTH_TOKEN=secret.token.value", "NOT A VALID LINE");

        var error = Assert.Throws<HlsEncoderException>(() => Load());

        Assert.Equal("EnvFileInvalid", error.ErrorId);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_is_shown_only_as_set_or_not_set()
    {
        var set = Load(parameters: new() { ["AUTH_TOKEN"] = "header.payload-with-secret.signature" });
        var unset = Load();

        var setting = set.Settings.Single(s => s.Name == "AUTH_TOKEN");
        Assert.Equal("(set)", setting.Value);
        Assert.True(setting.IsSecret);
        Assert.DoesNotContain("secret", setting.ToString(), StringComparison.Ordinal);
        Assert.Null(unset.Settings.Single(s => s.Name == "AUTH_TOKEN").Value);
        Assert.False(unset.Settings.Single(s => s.Name == "AUTH_TOKEN").IsSet);
    }

    [Fact]
    public void Backend_options_need_both_url_and_token_and_name_every_problem_at_once()
    {
        var error = Assert.Throws<HlsEncoderException>(() => Load().GetBackendOptions());

        Assert.Equal("BackendNotConfigured", error.ErrorId);
        Assert.Contains("BACKEND_URL is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains("AUTH_TOKEN is not set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backend_options_refuse_http_to_a_remote_host_before_any_request()
    {
        var configuration = Load(environment: new() { ["BACKEND_URL"] = "http://api.example.com", ["AUTH_TOKEN"] = "a.b.c" });

        var error = Assert.Throws<HlsEncoderException>(configuration.GetBackendOptions);

        Assert.Equal("InvalidBackendConfiguration", error.ErrorId);
        Assert.Contains("https://", error.Message, StringComparison.Ordinal);
        Assert.NotNull(configuration.Settings.Single(s => s.Name == "BACKEND_URL").Problem);
    }

    [Fact]
    public void Backend_options_carry_the_validated_values()
    {
        var configuration = Load(environment: new()
        {
            ["BACKEND_URL"] = "https://api.example.com/platform/",
            ["AUTH_TOKEN"] = " a.b.c ",
            ["REQUEST_TIMEOUT_SECONDS"] = "7",
            ["PRESIGN_EXACT_ENDPOINT"] = "/v2/presign",
        });

        var options = configuration.GetBackendOptions();

        Assert.Equal(new Uri("https://api.example.com/platform/v2/presign"), options.Resolve(options.PresignExactEndpoint));
        Assert.Equal(new Uri("https://api.example.com/platform/api/v1/admin/auth/me"), options.Resolve(options.AuthValidateEndpoint));
        Assert.Equal(TimeSpan.FromSeconds(7), options.RequestTimeout);
        Assert.Equal("a.b.c", options.Token.Reveal());
    }

    [Theory]
    [InlineData("PRESIGN_EXACT_ENDPOINT", "https://evil.example/steal")]
    [InlineData("FILE_CREATE_ENDPOINT", "//evil.example/steal")]
    [InlineData("AUTH_VALIDATE_ENDPOINT", "api/no-leading-slash")]
    [InlineData("REQUEST_TIMEOUT_SECONDS", "0")]
    [InlineData("REQUEST_TIMEOUT_SECONDS", "ten")]
    public void Settings_that_could_misdirect_the_token_or_break_requests_are_refused(string name, string value)
    {
        var configuration = Load(environment: new() { ["BACKEND_URL"] = "https://api.example.com", ["AUTH_TOKEN"] = "a.b.c", [name] = value });

        var error = Assert.Throws<HlsEncoderException>(configuration.GetBackendOptions);

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.NotNull(configuration.Settings.Single(s => s.Name == name).Problem);
    }

    [Fact]
    public void An_unsupported_default_language_is_reported()
    {
        var configuration = Load(environment: new() { ["DEFAULT_LANGUAGE"] = "pt" });

        Assert.Contains("pt", configuration.Settings.Single(s => s.Name == "DEFAULT_LANGUAGE").Problem, StringComparison.Ordinal);
        Assert.Throws<HlsEncoderException>(() => configuration.DefaultLanguage);
    }

    private HlsEncoderConfiguration Load(
        Dictionary<string, string?>? environment = null,
        Dictionary<string, string?>? parameters = null,
        string? envFile = null) =>
        SettingsLoader.Load(new SettingsRequest
        {
            Environment = environment ?? [],
            Parameters = parameters ?? [],
            EnvFile = envFile,
            WorkingDirectory = _folder,
        });

    private static (string? Value, SettingSource Source) Effective(HlsEncoderConfiguration configuration, string name) =>
        (configuration.GetValue(name), configuration.GetSource(name));

    private string WriteEnvFile(string relativePath, params string[] lines)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
        return path;
    }
}
