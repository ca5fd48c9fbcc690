using HlsEncoder.Diagnostics;
using HlsEncoder.ExternalTools;
using HlsEncoder.TestAssets;
using HlsEncoder.Tests.Infrastructure;

namespace HlsEncoder.Tests.Diagnostics;

/// <summary>The ffmpeg checks against the real ffmpeg on PATH and against shell-script builds that lack something.</summary>
public sealed class FfmpegCheckTests
{
    private readonly RecordingLog _log = new();

    [Fact]
    public async Task The_real_ffmpeg_passes_with_both_versions_and_every_feature()
    {
        var tools = FfmpegLocator.Locate(null);
        var ffmpegVersion = ExternalTool.Run(tools.FfmpegPath, "-version").Split('\n')[0].Split(" Copyright")[0];
        var ffprobeVersion = ExternalTool.Run(tools.FfprobePath, "-version").Split('\n')[0].Split(" Copyright")[0];

        var (found, features) = await RunAsync(null);

        Assert.Equal((EnvironmentCheckNames.Ffmpeg, EnvironmentCheckStatus.Passed, null), (found.Name, found.Status, found.Fix));
        Assert.StartsWith("ffmpeg version ", ffmpegVersion, StringComparison.Ordinal);
        Assert.Equal($"{ffmpegVersion}; {ffprobeVersion}; in {tools.Folder} (found on PATH).", found.Detail);
        Assert.Equal((EnvironmentCheckNames.FfmpegFeatures, EnvironmentCheckStatus.Passed), (features.Name, features.Status));
        Assert.Contains("encoders libx264, aac, pcm_f32le; muxers hls, f32le; filters fps, split, scale", features.Detail, StringComparison.Ordinal);
        // Every run went through the engine's process runner, which logs what it starts.
        Assert.Contains("-hide_banner -encoders", _log.All, StringComparison.Ordinal);
        Assert.Contains("-hide_banner -filters", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_without_libx264_fails_the_feature_check_and_says_which_build_to_install()
    {
        using var fake = FakeFfmpeg.Create(encoders: ["aac", "pcm_f32le", "mpeg4"]);

        var (found, features) = await RunAsync(fake.Folder);

        Assert.Equal(EnvironmentCheckStatus.Passed, found.Status);
        Assert.Equal($"ffmpeg version 6.0-fake; ffprobe version 6.0-fake; in {fake.Folder} (FFMPEG_PATH).", found.Detail);
        Assert.Equal(EnvironmentCheckStatus.Failed, features.Status);
        Assert.Equal($"{fake.FfmpegPath} lacks the encoder libx264 (the H.264 video of every rung).", features.Detail);
        Assert.Contains("--enable-libx264", features.Fix, StringComparison.Ordinal);
        Assert.Contains("FFMPEG_PATH", features.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_missing_muxer_and_filter_is_named()
    {
        using var fake = FakeFfmpeg.Create(muxers: ["mp4"], filters: ["fps", "scale", "format", "bwdif"]);

        var (_, features) = await RunAsync(fake.Folder);

        Assert.Equal(EnvironmentCheckStatus.Failed, features.Status);
        Assert.Equal(
            $"{fake.FfmpegPath} lacks the muxer hls (the playlists and segments), the muxer f32le (the audio Whisper transcribes), " +
            "the filter split (one decode for every rung), the filter setsar (square pixels), the filter aresample (the audio Whisper transcribes).",
            features.Detail);
        Assert.Contains("full ffmpeg build", features.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_without_only_the_deinterlacer_is_a_warning()
    {
        using var fake = FakeFfmpeg.Create(filters: ["fps", "split", "scale", "setsar", "format", "aresample"]);

        var (_, features) = await RunAsync(fake.Folder);

        Assert.Equal(EnvironmentCheckStatus.Warning, features.Status);
        Assert.Contains("the filter bwdif (deinterlacing interlaced sources)", features.Detail, StringComparison.Ordinal);
        Assert.NotNull(features.Fix);
    }

    [Fact]
    public async Task An_ffprobe_of_another_build_is_a_warning()
    {
        using var fake = FakeFfmpeg.Create(ffmpegVersion: "6.0-fake", ffprobeVersion: "4.4-other");

        var (found, features) = await RunAsync(fake.Folder);

        Assert.Equal(EnvironmentCheckStatus.Warning, found.Status);
        Assert.Contains("ffmpeg version 6.0-fake; ffprobe version 4.4-other", found.Detail, StringComparison.Ordinal);
        Assert.Contains("same build", found.Fix, StringComparison.Ordinal);
        Assert.Equal(EnvironmentCheckStatus.Passed, features.Status);
    }

    [Fact]
    public async Task An_ffmpeg_path_that_names_nothing_fails_both_checks_with_the_setting_to_fix()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-ffmpeg-{Guid.NewGuid():N}");

        var (found, features) = await RunAsync(missing);

        Assert.Equal(EnvironmentCheckStatus.Failed, found.Status);
        Assert.Equal($"FFMPEG_PATH names {missing}, which does not exist.", found.Detail);
        Assert.StartsWith("Set FFMPEG_PATH (or -FfmpegPath) to the folder that holds both ffmpeg and ffprobe", found.Fix, StringComparison.Ordinal);
        Assert.Equal((EnvironmentCheckStatus.Failed, "Not checked: ffmpeg was not found."), (features.Status, features.Detail));
        Assert.Equal(found.Fix, features.Fix);
    }

    [Fact]
    public async Task An_ffmpeg_that_fails_to_run_is_a_failure_with_its_error()
    {
        using var fake = FakeFfmpeg.Create(ffmpegBody: "echo 'ffmpeg: error while loading shared libraries: libx264.so.164' >&2\nexit 127");

        var (found, features) = await RunAsync(fake.Folder);

        Assert.Equal(EnvironmentCheckStatus.Failed, found.Status);
        Assert.Contains("'ffmpeg -version' failed with exit code 127: ffmpeg: error while loading shared libraries: libx264.so.164", found.Detail, StringComparison.Ordinal);
        Assert.StartsWith("Reinstall ffmpeg", found.Fix, StringComparison.Ordinal);
        Assert.Equal((EnvironmentCheckStatus.Failed, "Not checked: ffmpeg does not run."), (features.Status, features.Detail));
    }

    [Fact]
    public async Task An_ffmpeg_that_hangs_is_stopped_after_the_timeout()
    {
        using var fake = FakeFfmpeg.Create(ffmpegBody: "exec sleep 60");
        var started = DateTime.UtcNow;

        var checks = await new FfmpegCheck(_log) { Timeout = TimeSpan.FromMilliseconds(500) }.RunAsync(fake.Folder, CancellationToken.None);

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "the hung ffmpeg was waited for");
        Assert.Equal(EnvironmentCheckStatus.Failed, checks[0].Status);
        Assert.Contains("'ffmpeg -version' did not finish within 0.5 s and was stopped.", checks[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_stops_the_check()
    {
        using var fake = FakeFfmpeg.Create(ffmpegBody: "exec sleep 60");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new FfmpegCheck(_log).RunAsync(fake.Folder, cancel.Token));
    }

    [Fact]
    public void Listings_are_read_by_their_second_word_and_headings_and_legends_are_skipped()
    {
        const string listing = """
            File formats:
             D. = Demuxing supported
             .E = Muxing supported
             --
             DE matroska,webm      Matroska
              E hls             Apple HTTP Live Streaming
             ... split             V->N       Pass on the input to N video outputs.
              | = Source or sink filter
            """;

        var names = FfmpegFeature.ParseListing(listing);

        Assert.Equal(["hls", "matroska", "split", "webm"], names.Order(StringComparer.Ordinal));
    }

    private async Task<(EnvironmentCheck Found, EnvironmentCheck Features)> RunAsync(string? configuredPath)
    {
        var checks = await new FfmpegCheck(_log).RunAsync(configuredPath, CancellationToken.None);
        Assert.Equal(2, checks.Count);
        return (checks[0], checks[1]);
    }
}
