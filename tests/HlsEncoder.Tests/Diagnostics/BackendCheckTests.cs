using HlsEncoder.Backend;
using HlsEncoder.Configuration;
using HlsEncoder.Diagnostics;
using HlsEncoder.Tests.Infrastructure;
using HlsEncoder.Tests.LocalPlatform;

namespace HlsEncoder.Tests.Diagnostics;

/// <summary>The backend check against the local platform (a real backend with real tokens) and a port that refuses connections.</summary>
public sealed class BackendCheckTests(LocalPlatformFixture platform) : IClassFixture<LocalPlatformFixture>, IAsyncLifetime
{
    private readonly RecordingLog _log = new();

    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_admin_token_passes_and_names_its_admin()
    {
        var check = await CheckAsync(platform.AdminToken);

        Assert.Equal((EnvironmentCheckNames.Backend, EnvironmentCheckStatus.Passed, null), (check.Name, check.Status, check.Fix));
        Assert.Matches($@"^{platform.BackendUrl}/ answered in \d+ ms and accepts the token of \S+@\S+ \(admin\)\.$", check.Detail);
        Assert.Single(await platform.GetRequestsAsync(), r => r.Route == "auth" && r.Status == 200);
    }

    [Fact]
    public async Task An_expired_token_fails_with_how_to_get_a_new_one()
    {
        var check = await CheckAsync(platform.ExpiredToken);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.StartsWith("Unauthorized: The backend rejected AUTH_TOKEN (401)", check.Detail, StringComparison.Ordinal);
        Assert.StartsWith("Get a new admin token from the course platform's admin panel and set AUTH_TOKEN", check.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain(platform.ExpiredToken, check.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_that_is_not_an_admins_fails_with_use_an_admins_token()
    {
        var check = await CheckAsync(platform.UserToken);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.StartsWith("Forbidden: ", check.Detail, StringComparison.Ordinal);
        Assert.StartsWith("Use an admin's token", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_token_about_to_expire_is_a_warning()
    {
        var token = await platform.MintTokenAsync("admin", expiresInSeconds: 600);

        var check = await CheckAsync(token);

        Assert.Equal(EnvironmentCheckStatus.Warning, check.Status);
        Assert.Contains("accepts the token", check.Detail, StringComparison.Ordinal);
        Assert.Contains("in less than 60 minutes: a long publish would fail when it does.", check.Detail, StringComparison.Ordinal);
        Assert.StartsWith("Before a long run: Get a new admin token", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backend_that_is_down_fails_with_the_address_to_check()
    {
        using var refusing = new RefusingPort();
        using var client = new BackendClient(new BackendOptions(refusing.Url, new SecretToken(platform.AdminToken)), _log);

        var check = await BackendCheck.RunAsync(client, CancellationToken.None);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.StartsWith("Unreachable: Could not reach the backend", check.Detail, StringComparison.Ordinal);
        Assert.StartsWith($"Check that BACKEND_URL ({refusing.Url}) is the backend's address", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backend_that_fails_is_a_failure_to_try_again_later()
    {
        await platform.SetFaultAsync("auth", 503, count: 1);

        var check = await CheckAsync(platform.AdminToken);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.StartsWith("ServerError: ", check.Detail, StringComparison.Ordinal);
        Assert.StartsWith("The backend is failing: run this check again in a few minutes", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_that_make_no_client_fail_the_check_with_their_problem()
    {
        var empty = Directory.CreateTempSubdirectory("hlsenc-no-env-");
        var settings = SettingsLoader.Load(new SettingsRequest { WorkingDirectory = empty.FullName, Environment = new Dictionary<string, string?>() });
        empty.Delete();
        var error = Assert.Throws<HlsEncoderException>(() => settings.GetBackendOptions());

        var check = BackendCheck.NotConfigured(error.Message);

        Assert.Equal(EnvironmentCheckStatus.Failed, check.Status);
        Assert.Contains("BACKEND_URL is not set", check.Detail, StringComparison.Ordinal);
        Assert.Contains("AUTH_TOKEN is not set", check.Detail, StringComparison.Ordinal);
        Assert.Contains("Get-HlsEncoderConfiguration", check.Fix, StringComparison.Ordinal);
    }

    private async Task<EnvironmentCheck> CheckAsync(string token)
    {
        using var client = new BackendClient(new BackendOptions(new Uri(platform.BackendUrl), new SecretToken(token)), _log);
        return await BackendCheck.RunAsync(client, CancellationToken.None);
    }
}
