using System.Net;
using System.Security.Cryptography;
using HlsEncoder.Backend;
using HlsEncoder.Configuration;
using HlsEncoder.Packaging;
using HlsEncoder.Resilience;
using HlsEncoder.Tests.Infrastructure;
using HlsEncoder.Tests.LocalPlatform;
using HlsEncoder.Upload;
using HlsEncoder.Validation;

namespace HlsEncoder.Tests.Upload;

/// <summary>The upload engine against the local platform: a real backend presigning for a real S3 API.</summary>
public sealed class HlsUploaderTests(LocalPlatformFixture platform) : IClassFixture<LocalPlatformFixture>, IAsyncLifetime, IDisposable
{
    private const string CourseId = "65a1f0c2e4b0a1b2c3d4e5f6";
    private static readonly RetrySchedule NoWaiting = new([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero], TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Directory.CreateTempSubdirectory("hlsenc-upload-").FullName, "lecture");
    private readonly RecordingLog _log = new();

    private const string ContentHash = "3fa2c19b07d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4";

    private PublishTarget Target { get; } = PublishTarget.Create(CourseId, "en", "Session 1 - Introduction").ForContent(ContentHash);

    public Task InitializeAsync() => platform.ResetAsync(files: true);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    [Fact]
    public async Task Every_file_lands_under_the_prefix_with_its_content_type_and_an_md5_etag()
    {
        var package = TestPackage.Create(_folder, transcript: true);
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);

        var result = await uploader.UploadAsync(Request(package), null, CancellationToken.None);

        var files = Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith('.')).ToArray();
        Assert.True(result.IsComplete);
        Assert.Equal(files.Length, result.Uploaded);
        Assert.Equal(files.Sum(f => new FileInfo(f).Length), result.Bytes);
        foreach (var file in files)
        {
            var key = Target.Prefix + Path.GetRelativePath(_folder, file).Replace('\\', '/');
            using var stored = await platform.Http.GetAsync($"{platform.PublicBaseUrl}/{key}");
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            Assert.Equal(await File.ReadAllBytesAsync(file), await stored.Content.ReadAsByteArrayAsync());
            Assert.Equal(ContentTypeMap.Find(file), stored.Content.Headers.ContentType?.ToString());
            Assert.Equal($"\"{Convert.ToHexString(MD5.HashData(await File.ReadAllBytesAsync(file))).ToLowerInvariant()}\"", stored.Headers.ETag?.Tag);
        }

        Assert.Equal("text/plain; charset=utf-8", ContentTypeMap.Find("transcript.srt"));
        Assert.Equal(Target.Prefix + "master.m3u8", result.S3Keys.Master);
        Assert.Equal(new Dictionary<string, string> { ["720p"] = Target.Prefix + "720p/index.m3u8", ["480p"] = Target.Prefix + "480p/index.m3u8" }, result.S3Keys.Qualities);
        Assert.Equal(["srt", "vtt", "txt", "json"], result.S3Keys.Transcript!.Keys);
        Assert.Equal(new Uri($"{platform.PublicBaseUrl}/{Target.Prefix}master.m3u8"), result.MasterUrl);
        Assert.Equal(["720p", "480p"], result.Qualities);
        var uploaded = _log.Events.Where(e => e.Name == "file.uploaded").Select(e => e.Fields).ToDictionary(f => (string)f["key"]!);
        Assert.Equal(files.Select(f => Target.Prefix + Path.GetRelativePath(_folder, f).Replace('\\', '/')).Order(), uploaded.Keys.Order());
        Assert.All(files, f => Assert.Equal(new FileInfo(f).Length, uploaded[Target.Prefix + Path.GetRelativePath(_folder, f).Replace('\\', '/')]["bytes"]));
        var end = Assert.Single(_log.Events, e => e.Name == "phase.end").Fields;
        Assert.Equal(("upload", files.Length, 0), ((string)end["phase"]!, (int)end["uploaded"]!, (int)end["failed"]!));
    }

    [Fact]
    public async Task The_poster_and_every_storyboard_sheet_go_up_as_jpeg_beside_a_thumbnails_vtt_whose_references_resolve()
    {
        var package = TestPackage.Create(_folder, segments: 2, qualities: "480p");
        var storyboard = Path.Combine(_folder, "storyboard");
        Directory.CreateDirectory(storyboard);
        await File.WriteAllBytesAsync(Path.Combine(_folder, "poster.jpg"), RandomNumberGenerator.GetBytes(3000));
        await File.WriteAllBytesAsync(Path.Combine(storyboard, "sheet_0.jpg"), RandomNumberGenerator.GetBytes(2000));
        await File.WriteAllBytesAsync(Path.Combine(storyboard, "sheet_1.jpg"), RandomNumberGenerator.GetBytes(1000));
        await File.WriteAllTextAsync(Path.Combine(storyboard, "thumbnails.vtt"),
            "WEBVTT\n\n00:00:00.000 --> 00:00:06.000\nsheet_0.jpg#xywh=0,0,160,90\n\n00:00:06.000 --> 00:00:12.000\nsheet_1.jpg#xywh=0,0,160,90\n");
        package = package
            .WithPoster(new HlsPoster(Path.Combine(_folder, "poster.jpg"), 854, 480, TimeSpan.FromSeconds(1.2), null))
            .WithStoryboard(new HlsStoryboard(Path.Combine(storyboard, "thumbnails.vtt"), [Path.Combine(storyboard, "sheet_0.jpg"), Path.Combine(storyboard, "sheet_1.jpg")],
                2, 160, 90, 1, 1, TimeSpan.FromSeconds(6)));
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);

        var result = await uploader.UploadAsync(Request(package), null, CancellationToken.None);

        Assert.True(result.IsComplete);
        Assert.Equal(Target.Prefix + "poster.jpg", result.S3Keys.Poster);
        Assert.Equal(Target.Prefix + "storyboard/thumbnails.vtt", result.S3Keys.Thumbnails);
        // thumbnails.vtt is no transcript: the package has none, so s3Keys names none.
        Assert.Null(result.S3Keys.Transcript);
        var json = System.Text.Json.JsonSerializer.Serialize(result.S3Keys);
        Assert.Contains($"\"poster\":\"{Target.Prefix}poster.jpg\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"thumbnails\":\"{Target.Prefix}storyboard/thumbnails.vtt\"", json, StringComparison.Ordinal);
        foreach (var (key, type) in new[] { ("poster.jpg", "image/jpeg"), ("storyboard/thumbnails.vtt", "text/vtt") })
        {
            using var stored = await platform.Http.GetAsync($"{platform.PublicBaseUrl}/{Target.Prefix}{key}");
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            Assert.Equal(type, stored.Content.Headers.ContentType?.ToString());
        }

        // Every sheet the vtt names, resolved against the vtt's own URL, is there as a JPEG with the bytes sent.
        var vttUrl = new Uri($"{platform.PublicBaseUrl}/{Target.Prefix}storyboard/thumbnails.vtt");
        var vtt = await platform.Http.GetStringAsync(vttUrl);
        var targets = vtt.Split('\n').Where(l => l.Contains("#xywh=", StringComparison.Ordinal)).Select(l => l[..l.IndexOf('#', StringComparison.Ordinal)]).Distinct().ToArray();
        Assert.Equal(["sheet_0.jpg", "sheet_1.jpg"], targets);
        foreach (var sheet in targets)
        {
            using var stored = await platform.Http.GetAsync(new Uri(vttUrl, sheet));
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            Assert.Equal("image/jpeg", stored.Content.Headers.ContentType?.ToString());
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(storyboard, sheet)), await stored.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Segments_go_first_then_playlists_then_the_master_last()
    {
        var package = TestPackage.Create(_folder, segments: 6, transcript: true);
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);

        await uploader.UploadAsync(Request(package), null, CancellationToken.None);

        var order = (await platform.GetS3RequestsAsync()).Where(r => r.Status == 200).Select(r => r.Key[Target.Prefix.Length..]).ToList();
        var lastMedia = order.FindLastIndex(k => !k.EndsWith(".m3u8", StringComparison.Ordinal));
        var firstPlaylist = order.FindIndex(k => k.EndsWith(".m3u8", StringComparison.Ordinal));
        Assert.True(lastMedia < firstPlaylist, string.Join(", ", order));
        Assert.Equal("master.m3u8", order[^1]);
        Assert.Single(order, k => k == "master.m3u8");
    }

    [Fact]
    public async Task Server_errors_and_throttling_are_retried_until_the_file_is_there()
    {
        var package = TestPackage.Create(_folder, segments: 2, qualities: "480p");
        await platform.SetS3FaultAsync(500, count: 2, keyContains: "seg_000");
        await platform.SetS3FaultAsync(429, count: 1, keyContains: "seg_001");
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);

        var result = await uploader.UploadAsync(Request(package), null, CancellationToken.None);

        Assert.True(result.IsComplete);
        var requests = await platform.GetS3RequestsAsync();
        Assert.Equal([500, 500, 200], requests.Where(r => r.Key.EndsWith("seg_000.ts", StringComparison.Ordinal)).Select(r => r.Status));
        Assert.Equal([429, 200], requests.Where(r => r.Key.EndsWith("seg_001.ts", StringComparison.Ordinal)).Select(r => r.Status));
        Assert.Contains("upload 480p/seg_000.ts: attempt 2 of 4 failed (HTTP 500", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_put_that_hangs_times_out_and_is_sent_again()
    {
        var package = TestPackage.Create(_folder, segments: 1, qualities: "480p");
        await platform.SetS3FaultAsync(0, count: 1, delayMs: 4000, keyContains: "seg_000");
        using var backend = new BackendClient(new BackendOptions(new Uri(platform.BackendUrl), new SecretToken(platform.AdminToken)) { RequestTimeout = TimeSpan.FromSeconds(1) }, _log, schedule: NoWaiting);
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);

        var result = await uploader.UploadAsync(Request(package), null, CancellationToken.None);

        Assert.True(result.IsComplete);
        Assert.Contains("upload 480p/seg_000.ts: attempt 1 of 4 failed (timed out", _log.All, StringComparison.Ordinal);
        Assert.Equal(1, (await platform.GetS3PutCountsAsync())[Target.Prefix + "480p/seg_000.ts"]);
    }

    [Fact]
    public async Task A_presigned_url_that_expires_before_the_put_is_presigned_again_at_once()
    {
        var package = TestPackage.Create(_folder, segments: 1, qualities: "480p");
        await platform.SetPresignExpiryAsync(2);
        await platform.SetS3FaultAsync(0, count: 1, delayMs: 3000, keyContains: "seg_000");
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: RetrySchedule.Default);

        var result = await uploader.UploadAsync(Request(package), null, CancellationToken.None);

        Assert.True(result.IsComplete);
        Assert.Equal([403, 200], (await platform.GetS3RequestsAsync()).Where(r => r.Key.EndsWith("seg_000.ts", StringComparison.Ordinal)).Select(r => r.Status));
        Assert.Equal(2, (await platform.GetRequestsAsync()).Count(r => r.Route == "presign" && r.Key!.EndsWith("seg_000.ts", StringComparison.Ordinal)));
        Assert.Contains("presigning it again", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_mid_upload_stops_at_once_with_the_state_saved()
    {
        var package = TestPackage.Create(_folder, segments: 10, qualities: "480p");
        await platform.SetFaultAsync("presign", 401, count: 100, afterCount: 4);
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);

        var error = await Assert.ThrowsAsync<BackendException>(() => uploader.UploadAsync(Request(package, throttle: 1), null, CancellationToken.None));

        Assert.Equal("BackendUnauthorized", error.ErrorId);
        var presigns = (await platform.GetRequestsAsync()).Where(r => r.Route == "presign").ToArray();
        Assert.Equal(5, presigns.Length);
        Assert.Equal(401, presigns[^1].Status);
        var state = await File.ReadAllTextAsync(Path.Combine(_folder, UploadStateStore.FileName));
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(state, "\"status\": \"uploaded\""));
        Assert.Contains("once the token is fixed, the same command resumes", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_file_fails_alone_and_holds_back_only_what_points_at_it()
    {
        var package = TestPackage.Create(_folder, segments: 3);
        await platform.SetS3FaultAsync(500, count: 4, keyContains: "480p/seg_001");
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);

        var result = await uploader.UploadAsync(Request(package), null, CancellationToken.None);

        Assert.False(result.IsComplete);
        Assert.Equal(["480p/index.m3u8", "480p/seg_001.ts", "master.m3u8"], result.FailedFiles.Select(f => f.RelativePath));
        Assert.Equal(["UploadHeldBack", "UploadFailed", "UploadHeldBack"], result.FailedFiles.Select(f => f.ErrorId));
        var puts = await platform.GetS3PutCountsAsync();
        Assert.Equal(1, puts[Target.Prefix + "720p/index.m3u8"]);
        Assert.False(puts.ContainsKey(Target.Prefix + "master.m3u8"));
        Assert.Equal(6, result.Uploaded);
    }

    [Fact]
    public async Task A_rerun_resumes_sending_only_what_is_missing_or_changed()
    {
        var package = TestPackage.Create(_folder, segments: 3);
        await platform.SetS3FaultAsync(503, count: 4, keyContains: "720p/seg_002");
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);
        var first = await uploader.UploadAsync(Request(package), null, CancellationToken.None);
        Assert.Equal(3, first.Failed);

        var second = await uploader.UploadAsync(Request(package), null, CancellationToken.None);
        var changed = Path.Combine(_folder, "480p", "seg_000.ts");
        await File.WriteAllBytesAsync(changed, RandomNumberGenerator.GetBytes(9000));
        var third = await uploader.UploadAsync(Request(package), null, CancellationToken.None);

        Assert.True(second.IsComplete);
        Assert.Equal((3, 6), (second.Uploaded, second.Skipped));
        Assert.Equal((1, 8), (third.Uploaded, third.Skipped));
        var puts = await platform.GetS3PutCountsAsync();
        Assert.All(puts.Where(p => !p.Key.EndsWith("480p/seg_000.ts", StringComparison.Ordinal)), p => Assert.Equal(1, p.Value));
        Assert.Equal(2, puts[Target.Prefix + "480p/seg_000.ts"]);
        Assert.Contains("480p/seg_000.ts changed since it was uploaded", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_mid_upload_saves_the_state_and_a_rerun_sends_each_object_at_most_once_more()
    {
        var package = TestPackage.Create(_folder, segments: 12);
        await platform.SetS3FaultAsync(0, count: 1000, delayMs: 50);
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress<UploadProgress>(p =>
        {
            if (p.FilesDone >= 6)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => uploader.UploadAsync(Request(package, throttle: 4), progress, cancel.Token));
        var afterCancel = await platform.GetS3PutCountsAsync();
        await platform.ResetAsync();
        var resumed = await uploader.UploadAsync(Request(package, throttle: 4), null, CancellationToken.None);

        Assert.InRange(afterCancel.Count, 6, 10);
        Assert.True(resumed.IsComplete);
        Assert.Equal(27, resumed.Uploaded + resumed.Skipped);
        Assert.True(resumed.Skipped >= 6, $"skipped {resumed.Skipped}");
        var again = await platform.GetS3PutCountsAsync();
        Assert.All(again, p => Assert.Equal(1, p.Value));
        Assert.True(again.Keys.Intersect(afterCancel.Keys).Count() <= 4, "at most the files in flight are sent twice");
        Assert.Contains("Run the same command again to resume", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_removed_during_the_upload_fails_alone()
    {
        var package = TestPackage.Create(_folder, segments: 4, qualities: "480p");
        var doomed = Path.Combine(_folder, "480p", "seg_003.ts");
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);
        var progress = new SynchronousProgress<UploadProgress>(p =>
        {
            if (p.FilesDone == 1)
            {
                File.Delete(doomed);
            }
        });

        var result = await uploader.UploadAsync(Request(package, throttle: 1), progress, CancellationToken.None);

        var failure = Assert.Single(result.FailedFiles, f => f.ErrorId != "UploadHeldBack");
        Assert.Equal(("480p/seg_003.ts", "UploadFileMissing"), (failure.RelativePath, failure.ErrorId));
        Assert.Equal(3, result.Uploaded);
    }

    [Fact]
    public async Task Files_the_platform_has_no_content_type_for_stop_the_plan_before_any_request()
    {
        var package = TestPackage.Create(_folder, segments: 1, qualities: "480p");
        await File.WriteAllTextAsync(Path.Combine(_folder, "notes.docx"), "x");
        await File.WriteAllTextAsync(Path.Combine(_folder, ".hidden-state"), "not uploaded");
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);

        var error = await Assert.ThrowsAsync<HlsEncoderException>(() => uploader.UploadAsync(Request(package), null, CancellationToken.None));

        Assert.Equal("UnknownContentType", error.ErrorId);
        Assert.Contains("notes.docx", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".hidden-state", error.Message, StringComparison.Ordinal);
        Assert.Empty(await platform.GetRequestsAsync());
    }

    [Fact]
    public async Task One_package_goes_to_several_targets_each_resumed_on_its_own_and_restart_sends_everything()
    {
        var package = TestPackage.Create(_folder, segments: 1, qualities: "480p");
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);
        var french = PublishTarget.Create(CourseId, "fr", "Séance 1").ForContent(ContentHash);
        await uploader.UploadAsync(Request(package), null, CancellationToken.None);

        var toFrench = await uploader.UploadAsync(new UploadRequest { Package = package, Target = french }, null, CancellationToken.None);
        var englishAgain = await uploader.UploadAsync(Request(package), null, CancellationToken.None);
        var frenchRestarted = await uploader.UploadAsync(new UploadRequest { Package = package, Target = french, Restart = true }, null, CancellationToken.None);

        Assert.Equal("courses/65a1f0c2e4b0a1b2c3d4e5f6/fr/seance-1-3fa2c19b07/", toFrench.Prefix);
        Assert.Equal((3, 0), (toFrench.Uploaded, toFrench.Skipped));
        Assert.Equal((0, 3), (englishAgain.Uploaded, englishAgain.Skipped));
        Assert.Equal((3, 0), (frenchRestarted.Uploaded, frenchRestarted.Skipped));
    }

    [Fact]
    public async Task An_unresolved_target_is_named_after_the_package_content()
    {
        var package = TestPackage.Create(_folder, segments: 1, qualities: "480p");
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);
        var unresolved = PublishTarget.Create(CourseId, "en", "Session 1 - Introduction");

        var withHash = await uploader.UploadAsync(new UploadRequest { Package = package.WithContentHash(ContentHash), Target = unresolved }, null, CancellationToken.None);
        var withoutHash = HlsUploader.ResolveTarget(new UploadRequest { Package = package, Target = unresolved });
        var flat = HlsUploader.ResolveTarget(new UploadRequest { Package = package, Target = unresolved, Layout = S3KeyLayout.Course });

        Assert.Equal(Target.Prefix, withHash.Prefix);
        Assert.Equal(("session-1-introduction-3fa2c19b07", S3KeyLayout.Video), (withHash.VideoKey, withHash.KeyLayout));
        Assert.Equal(Target.Prefix + "master.m3u8", withHash.S3Keys.Master);
        Assert.Matches("^courses/65a1f0c2e4b0a1b2c3d4e5f6/en/session-1-introduction-[0-9a-f]{10}/$", withoutHash.Prefix);
        Assert.NotEqual(Target.Prefix, withoutHash.Prefix);
        Assert.Equal("courses/65a1f0c2e4b0a1b2c3d4e5f6/en/", flat.Prefix);
    }

    [Fact]
    public async Task The_state_file_holds_no_token_and_no_signature()
    {
        var package = TestPackage.Create(_folder, segments: 2, qualities: "480p");
        await platform.SetS3FaultAsync(500, count: 4, keyContains: "seg_001");
        using var backend = Backend();
        using var uploader = new HlsUploader(backend, _log, schedule: NoWaiting);

        await uploader.UploadAsync(Request(package), null, CancellationToken.None);

        var state = await File.ReadAllTextAsync(Path.Combine(_folder, UploadStateStore.FileName));
        Assert.Contains("\"status\": \"failed\"", state, StringComparison.Ordinal);
        Assert.DoesNotContain(platform.AdminToken, state, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Amz-", state, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(platform.AdminToken, _log.All, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Amz-Signature=", _log.All, StringComparison.OrdinalIgnoreCase);
    }

    private BackendClient Backend() =>
        new(new BackendOptions(new Uri(platform.BackendUrl), new SecretToken(platform.AdminToken)), _log, schedule: NoWaiting);

    private UploadRequest Request(HlsPackage package, int throttle = 8) => new() { Package = package, Target = Target, ThrottleLimit = throttle };

    /// <summary>Reports on the reporting thread, unlike Progress&lt;T&gt;, so a test can act at an exact point.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
