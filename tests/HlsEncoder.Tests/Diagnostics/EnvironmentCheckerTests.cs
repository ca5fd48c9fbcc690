using HlsEncoder.Backend;
using HlsEncoder.Configuration;
using HlsEncoder.Diagnostics;
using HlsEncoder.TestAssets;
using HlsEncoder.Tests.Infrastructure;
using HlsEncoder.Tests.LocalPlatform;

namespace HlsEncoder.Tests.Diagnostics;

/// <summary>Every check together, on this machine, against the local platform and the tiny test model.</summary>
public sealed class EnvironmentCheckerTests(LocalPlatformFixture platform) : IClassFixture<LocalPlatformFixture>, IAsyncLifetime
{
    private static readonly string[] AllNames =
    [
        EnvironmentCheckNames.Ffmpeg, EnvironmentCheckNames.FfmpegFeatures, EnvironmentCheckNames.WhisperModel, EnvironmentCheckNames.Backend,
        EnvironmentCheckNames.DiskSpace, EnvironmentCheckNames.StateFolder, EnvironmentCheckNames.ConfigFolder, EnvironmentCheckNames.ChildProcesses,
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-environment-").FullName;
    private readonly RecordingLog _log = new();

    public Task InitializeAsync() => platform.ResetAsync();

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task On_a_ready_machine_every_check_passes_in_order()
    {
        var model = Path.Combine(_folder, "tiny.bin");
        TinyWhisperModel.Write(model, seed: 4);
        using var backend = Client(platform.AdminToken);

        var checks = await RunAsync(Request(backend) with { ModelSettingPath = model });

        Assert.Equal(AllNames, checks.Select(c => c.Name));
        var disk = checks.Single(c => c.Name == EnvironmentCheckNames.DiskSpace);
        var expectedDisk = new DriveInfo(_folder).AvailableFreeSpace >= DiskSpaceCheck.WarningFreeBytes ? EnvironmentCheckStatus.Passed : EnvironmentCheckStatus.Warning;
        Assert.Equal(expectedDisk, disk.Status);
        Assert.All(checks.Where(c => c != disk), c => Assert.True(c.Status == EnvironmentCheckStatus.Passed, c.ToString()));
        Assert.Contains(model, checks[2].Detail, StringComparison.Ordinal);
        Assert.Contains("VERBOSE: Checking the backend and the token.", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_checks_are_results_and_the_others_still_run()
    {
        using var backend = Client(platform.ExpiredToken);

        var checks = await RunAsync(Request(backend) with { FfmpegPath = Path.Combine(_folder, "no-ffmpeg"), WorkFolder = Path.Combine(_folder, "missing") });

        Assert.Equal(AllNames, checks.Select(c => c.Name));
        Assert.Equal(
            [EnvironmentCheckStatus.Failed, EnvironmentCheckStatus.Failed, EnvironmentCheckStatus.Failed, EnvironmentCheckStatus.Failed, EnvironmentCheckStatus.Failed],
            checks.Take(5).Select(c => c.Status));
        Assert.All(checks.Take(5), c => Assert.False(string.IsNullOrWhiteSpace(c.Fix), $"{c.Name} has no fix"));
        Assert.All(checks.Skip(5), c => Assert.Equal(EnvironmentCheckStatus.Passed, c.Status));
        Assert.All(checks, c => Assert.DoesNotContain(platform.ExpiredToken, c.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_settings_for_a_backend_the_backend_check_fails_with_the_problem()
    {
        var checks = await RunAsync(Request(null) with { BackendProblem = "BACKEND_URL is not set." });

        var check = checks.Single(c => c.Name == EnvironmentCheckNames.Backend);
        Assert.Equal((EnvironmentCheckStatus.Failed, "The backend settings are unusable: BACKEND_URL is not set."), (check.Status, check.Detail));
    }

    [Fact]
    public async Task Skipping_the_model_leaves_its_check_out()
    {
        using var backend = Client(platform.AdminToken);

        var checks = await RunAsync(Request(backend) with { SkipModel = true });

        Assert.Equal(AllNames.Where(n => n != EnvironmentCheckNames.WhisperModel), checks.Select(c => c.Name));
    }

    [Fact]
    public async Task Cancelling_ends_the_run()
    {
        using var backend = Client(platform.AdminToken);
        using var cancel = new CancellationTokenSource();
        var seen = new List<string>();

        var run = async () =>
        {
            await foreach (var check in new EnvironmentChecker(_log).RunAsync(Request(backend), cancel.Token))
            {
                seen.Add(check.Name);
                await cancel.CancelAsync();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(run);
        // The two ffmpeg checks come from one step; the run stops before the next.
        Assert.Equal([EnvironmentCheckNames.Ffmpeg, EnvironmentCheckNames.FfmpegFeatures], seen);
        Assert.Empty(await platform.GetRequestsAsync());
    }

    private EnvironmentCheckRequest Request(BackendClient? backend) => new()
    {
        ModelCacheFolder = Path.Combine(_folder, "models"),
        Backend = backend,
        WorkFolder = _folder,
        StateFolderPath = Path.Combine(_folder, "state", "HlsEncoder"),
        Defaults = new UserDefaultsStore(Path.Combine(_folder, "config", "HlsEncoder", "defaults.json")),
    };

    private BackendClient Client(string token) => new(new BackendOptions(new Uri(platform.BackendUrl), new SecretToken(token)), _log);

    private async Task<List<EnvironmentCheck>> RunAsync(EnvironmentCheckRequest request)
    {
        var checks = new List<EnvironmentCheck>();
        await foreach (var check in new EnvironmentChecker(_log).RunAsync(request, CancellationToken.None))
        {
            checks.Add(check);
        }

        return checks;
    }
}
