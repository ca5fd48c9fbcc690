using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using HlsEncoder.Backend;
using HlsEncoder.Configuration;
using HlsEncoder.Tests.Infrastructure;
using HlsEncoder.Tests.LocalPlatform;
using HlsEncoder.Validation;

namespace HlsEncoder.Tests.Backend;

/// <summary>The backend client against the local platform (a real HTTP backend presigning for a real S3 API).</summary>
public sealed class BackendClientTests(LocalPlatformFixture platform) : IClassFixture<LocalPlatformFixture>, IAsyncLifetime
{
    private const string CourseId = "65a1f0c2e4b0a1b2c3d4e5f6";
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);
    private readonly ObservedTimeProvider _time = new();
    private readonly RecordingLog _log = new();

    public Task InitializeAsync() => platform.ResetAsync(files: true);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_admin_token_describes_its_admin()
    {
        using var client = Client();

        var user = await client.GetCurrentUserAsync(CancellationToken.None);

        Assert.Equal("admin", user.Role);
        Assert.Matches("^[0-9a-f]{24}$", user.Id);
        Assert.Contains('@', user.Email ?? string.Empty);
    }

    [Fact]
    public async Task A_non_admin_token_is_forbidden_at_once_and_never_retried()
    {
        using var client = Client(platform.UserToken);

        var error = await Assert.ThrowsAsync<BackendException>(() => client.PresignAsync(Key("master.m3u8"), "application/vnd.apple.mpegurl", CancellationToken.None));

        Assert.Equal("BackendForbidden", error.ErrorId);
        Assert.Equal(FailureKind.PermissionDenied, error.Kind);
        Assert.Equal(403, error.StatusCode);
        Assert.Equal(1, error.Attempts);
        Assert.True(error.IsAuthorizationFailure);
        Assert.Contains("not an admin", error.Message, StringComparison.Ordinal);
        Assert.Single(await platform.GetRequestsAsync(), r => r.Route == "presign");
    }

    [Fact]
    public async Task An_expired_token_is_unauthorized_at_once_and_says_what_to_do()
    {
        using var client = Client(platform.ExpiredToken);

        var error = await Assert.ThrowsAsync<BackendException>(() => client.GetCurrentUserAsync(CancellationToken.None));

        Assert.Equal("BackendUnauthorized", error.ErrorId);
        Assert.Equal(FailureKind.AuthenticationFailed, error.Kind);
        Assert.Equal(1, error.Attempts);
        Assert.Contains("invalid or expired", error.Message, StringComparison.Ordinal);
        Assert.Contains("set AUTH_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(platform.ExpiredToken, error.ToString(), StringComparison.Ordinal);
        Assert.Single(await platform.GetRequestsAsync(), r => r.Route == "auth");
    }

    [Fact]
    public async Task Server_errors_are_retried_after_1_then_3_seconds_and_the_url_then_works()
    {
        await platform.SetFaultAsync("presign", 500, count: 2);
        using var client = Client();

        var presign = client.PresignAsync(Key("720p/seg_000.ts"), "video/mp2t", CancellationToken.None);
        var delays = new[] { await _time.ElapseNextTimerAsync(AttemptTimeout), await _time.ElapseNextTimerAsync(AttemptTimeout) };
        var upload = await presign;

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)], delays);
        Assert.Equal([500, 500, 200], (await platform.GetRequestsAsync()).Where(r => r.Route == "presign").Select(r => r.Status));
        Assert.Equal(Key("720p/seg_000.ts"), upload.Key);
        Assert.Equal(HttpStatusCode.OK, await PutAsync(upload, RandomNumberGenerator.GetBytes(1024)));
        Assert.Contains("attempt 1 of 4 failed (HTTP 500", _log.All, StringComparison.Ordinal);
        Assert.Contains("retrying in 3 s", _log.All, StringComparison.Ordinal);
        var retries = _log.Events.Where(e => e.Name == "retry").Select(e => e.Fields).ToArray();
        Assert.Equal([1, 2], retries.Select(r => (int)r["attempt"]!));
        Assert.All(retries, r => Assert.Equal(500, r["status"]));
        Assert.Equal([1.0, 3.0], retries.Select(r => (double)r["waitSeconds"]!));
    }

    [Fact]
    public async Task Too_many_requests_waits_as_long_as_retry_after_asks()
    {
        await platform.SetFaultAsync("files", 429, count: 1, retryAfterSeconds: 7);
        using var client = Client();

        var create = client.CreateFileRecordAsync(Request(), CancellationToken.None);
        var delay = await _time.ElapseNextTimerAsync(AttemptTimeout);
        var record = await create;

        Assert.Equal(TimeSpan.FromSeconds(7), delay);
        Assert.Single(await platform.GetFileRecordsAsync());
        Assert.Matches("^[0-9a-f]{24}$", record.Id);
    }

    [Fact]
    public async Task A_backend_that_keeps_failing_gives_up_after_four_attempts_with_1_3_10_second_waits()
    {
        await platform.SetFaultAsync("auth", 503, count: 10);
        using var client = Client();

        var call = client.GetCurrentUserAsync(CancellationToken.None);
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            delays.Add(await _time.ElapseNextTimerAsync(AttemptTimeout));
        }

        var error = await Assert.ThrowsAsync<BackendException>(() => call);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10)], delays);
        Assert.Equal("BackendUnavailable", error.ErrorId);
        Assert.Equal(4, error.Attempts);
        Assert.Equal(503, error.StatusCode);
        Assert.Equal(4, (await platform.GetRequestsAsync()).Count(r => r.Route == "auth"));
    }

    [Fact]
    public async Task An_attempt_that_hangs_times_out_and_is_retried()
    {
        // Far longer than the 2 s (fake) timeout; kept short in real time because the server holds the
        // abandoned request until its delay ends, and xunit waits for it when a class's tests share the platform.
        await platform.SetFaultAsync("auth", 0, count: 1, delayMs: 5_000);
        using var client = Client(timeout: TimeSpan.FromSeconds(2));

        var call = client.GetCurrentUserAsync(CancellationToken.None);
        var firstTimeout = await _time.NextTimerAsync();
        _time.Advance(firstTimeout);
        var retryDelay = await _time.ElapseNextTimerAsync(TimeSpan.FromSeconds(2));
        var user = await call;

        Assert.Equal(TimeSpan.FromSeconds(2), firstTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), retryDelay);
        Assert.Equal("admin", user.Role);
        Assert.Contains("timed out after 2 s", _log.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_backend_is_retried_then_reported_as_unreachable()
    {
        using var refusing = new RefusingPort();
        using var client = new BackendClient(Options(platform.AdminToken, refusing.Url), _log, _time);

        var call = client.GetCurrentUserAsync(CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await _time.ElapseNextTimerAsync(AttemptTimeout);
        }

        var error = await Assert.ThrowsAsync<BackendException>(() => call);
        Assert.Equal("BackendUnreachable", error.ErrorId);
        Assert.Equal(FailureKind.ConnectionFailed, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.Equal(4, error.Attempts);
        Assert.Contains("Check BACKEND_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_the_backend_rejects_is_not_retried_and_carries_its_message()
    {
        using var client = Client();

        var error = await Assert.ThrowsAsync<BackendException>(() => client.PresignAsync("elsewhere/master.m3u8", "application/vnd.apple.mpegurl", CancellationToken.None));

        Assert.Equal("BackendRejectedRequest", error.ErrorId);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("The backend said", error.Message, StringComparison.Ordinal);
        Assert.Single(await platform.GetRequestsAsync(), r => r.Route == "presign");
    }

    [Fact]
    public async Task A_wrong_route_names_the_setting_to_fix()
    {
        using var client = new BackendClient(Options(platform.AdminToken) is var o ? new BackendOptions(o.BaseUrl, o.Token) { FileCreateEndpoint = "/api/v1/nope" } : null!, _log, _time);

        var error = await Assert.ThrowsAsync<BackendException>(() => client.CreateFileRecordAsync(Request(), CancellationToken.None));

        Assert.Equal("BackendRouteNotFound", error.ErrorId);
        Assert.Contains("FILE_CREATE_ENDPOINT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_that_is_not_the_api_is_an_invalid_response()
    {
        await platform.SetFaultAsync("auth", 200, body: "<html><body>Welcome to the portal</body></html>");
        using var client = Client();

        var error = await Assert.ThrowsAsync<BackendException>(() => client.GetCurrentUserAsync(CancellationToken.None));

        Assert.Equal("BackendInvalidResponse", error.ErrorId);
        Assert.Contains("not JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("BACKEND_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_speak_the_contract_is_refused_with_its_status()
    {
        using var client = new BackendClient(Options(platform.AdminToken, new Uri(platform.S3Url)) is var o ? new BackendOptions(o.BaseUrl, o.Token) { AuthValidateEndpoint = "/media" } : null!, _log, _time);

        var error = await Assert.ThrowsAsync<BackendException>(() => client.GetCurrentUserAsync(CancellationToken.None));

        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Equal(1, error.Attempts);
        Assert.InRange(error.StatusCode ?? 0, 400, 499);
    }

    [Fact]
    public async Task The_file_record_body_is_exactly_the_contract()
    {
        using var client = Client();

        var record = await client.CreateFileRecordAsync(Request(withTranscript: true), CancellationToken.None);

        var stored = Assert.Single(await platform.GetFileRecordsAsync());
        Assert.Equal(record.Id, (string?)stored["_id"]);
        var prefix = $"courses/{CourseId}/en/";
        var expected = JsonNode.Parse($$"""
            {
              "name": "Session 1 - Introduction",
              "courseId": "{{CourseId}}",
              "language": "en",
              "type": "hls",
              "s3Keys": {
                "master": "{{prefix}}master.m3u8",
                "qualities": { "1080p": "{{prefix}}1080p/index.m3u8", "720p": "{{prefix}}720p/index.m3u8", "480p": "{{prefix}}480p/index.m3u8" },
                "transcript": { "srt": "{{prefix}}transcript.srt", "vtt": "{{prefix}}transcript.vtt", "txt": "{{prefix}}transcript.txt", "json": "{{prefix}}transcript.json" }
              },
              "duration": 1245,
              "qualities": ["1080p", "720p", "480p"],
              "uploadedBy": "{{ProductInfo.UploadedBy}}"
            }
            """)!.AsObject();
        foreach (var (name, value) in expected)
        {
            Assert.True(JsonNode.DeepEquals(value, stored[name]), $"{name}: expected {value?.ToJsonString()}, stored {stored[name]?.ToJsonString()}");
        }

        Assert.Matches(@"^hlsencoder/\d+\.\d+\.\d+$", ProductInfo.UploadedBy);
        Assert.Equal(1245, record.Duration);
        Assert.Equal(["1080p", "720p", "480p"], record.Qualities);
        Assert.Equal($"{prefix}transcript.vtt", record.S3Keys.Transcript!["vtt"]);
    }

    [Fact]
    public async Task Poster_and_thumbnails_keys_reach_the_record_as_given()
    {
        using var client = Client();
        var request = Request();
        request.S3Keys.Poster = Key("poster.jpg");
        request.S3Keys.Thumbnails = Key("storyboard/thumbnails.vtt");

        var record = await client.CreateFileRecordAsync(FileRecordRequest.Create(PublishTarget.Create(CourseId, "en", "Session 1 - Introduction"), request.S3Keys, TimeSpan.FromSeconds(12), ["1080p", "720p", "480p"]), CancellationToken.None);

        var stored = Assert.Single(await platform.GetFileRecordsAsync())["s3Keys"]!.AsObject();
        Assert.Equal(Key("poster.jpg"), (string?)stored["poster"]);
        Assert.Equal(Key("storyboard/thumbnails.vtt"), (string?)stored["thumbnails"]);
        Assert.Equal((Key("poster.jpg"), Key("storyboard/thumbnails.vtt")), (record.S3Keys.Poster, record.S3Keys.Thumbnails));
    }

    [Fact]
    public void Poster_and_thumbnails_keys_outside_the_video_folder_are_refused_before_any_request()
    {
        var keys = Request().S3Keys;
        keys.Poster = "courses/ffffffffffffffffffffffff/en/poster.jpg";
        keys.Thumbnails = "elsewhere/thumbnails.vtt";

        var error = Assert.Throws<HlsEncoderException>(() =>
            FileRecordRequest.Create(PublishTarget.Create(CourseId, "en", "Session 1 - Introduction"), keys, TimeSpan.FromSeconds(12), ["1080p", "720p", "480p"]));

        Assert.Equal("InvalidFileRecord", error.ErrorId);
        Assert.Contains("S3 key for 'poster' ('courses/ffffffffffffffffffffffff/en/poster.jpg') is not under", error.Message, StringComparison.Ordinal);
        Assert.Contains("S3 key for 'thumbnails' ('elsewhere/thumbnails.vtt') is not under", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_without_a_transcript_has_no_transcript_keys()
    {
        using var client = Client();

        await client.CreateFileRecordAsync(Request(withTranscript: false), CancellationToken.None);

        var stored = Assert.Single(await platform.GetFileRecordsAsync());
        Assert.False(stored["s3Keys"]!.AsObject().ContainsKey("transcript"));
    }

    [Theory]
    [InlineData("admin", BackendConnectionStatus.Connected, 200)]
    [InlineData("user", BackendConnectionStatus.Forbidden, 403)]
    [InlineData("expired", BackendConnectionStatus.Unauthorized, 401)]
    public async Task The_connection_test_reports_each_outcome_with_one_request(string who, BackendConnectionStatus status, int code)
    {
        var token = who switch { "admin" => platform.AdminToken, "user" => platform.UserToken, _ => platform.ExpiredToken };
        using var client = new BackendClient(Options(token), _log);

        var result = await client.TestConnectionAsync(CancellationToken.None);

        Assert.Equal(status, result.Status);
        Assert.Equal(code, result.StatusCode);
        Assert.Equal(status == BackendConnectionStatus.Connected, result.IsTokenValid);
        Assert.Equal(status == BackendConnectionStatus.Connected, result.User?.Role == "admin");
        Assert.NotNull(result.Latency);
        Assert.NotNull(result.TokenExpiresAt);
        Assert.Single(await platform.GetRequestsAsync(), r => r.Route == "auth");
    }

    [Fact]
    public async Task The_connection_test_of_a_down_backend_does_not_retry()
    {
        await platform.SetFaultAsync("auth", 503, count: 5);
        using var client = new BackendClient(Options(platform.AdminToken), _log);

        var result = await client.TestConnectionAsync(CancellationToken.None);

        Assert.Equal(BackendConnectionStatus.ServerError, result.Status);
        Assert.Equal(503, result.StatusCode);
        Assert.Single(await platform.GetRequestsAsync(), r => r.Route == "auth");
    }

    [Fact]
    public async Task Cancelling_stops_a_waiting_retry_at_once()
    {
        await platform.SetFaultAsync("auth", 500, count: 5);
        using var client = Client();
        using var cancel = new CancellationTokenSource();

        var call = client.GetCurrentUserAsync(cancel.Token);
        Assert.Equal(TimeSpan.FromSeconds(1), await _time.NextTimerAsync(AttemptTimeout));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(await platform.GetRequestsAsync(), r => r.Route == "auth");
    }

    [Fact]
    public async Task Neither_the_token_nor_a_signature_ever_reaches_the_log()
    {
        await platform.SetFaultAsync("presign", 502, count: 1);
        using var client = Client();

        var presign = client.PresignAsync(Key("master.m3u8"), "application/vnd.apple.mpegurl", CancellationToken.None);
        await _time.ElapseNextTimerAsync(AttemptTimeout);
        var upload = await presign;

        Assert.NotEmpty(_log.Lines);
        Assert.DoesNotContain(platform.AdminToken, _log.All, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Amz-Signature=", _log.All, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("X-Amz-Signature=", upload.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X-Amz-Signature=", upload.SignedUrl.Query, StringComparison.Ordinal);
    }

    private BackendClient Client(string? token = null, TimeSpan? timeout = null)
    {
        var options = Options(token ?? platform.AdminToken);
        return new BackendClient(timeout is null ? options : new BackendOptions(options.BaseUrl, options.Token) { RequestTimeout = timeout.Value }, _log, _time);
    }

    private BackendOptions Options(string token, Uri? baseUrl = null) =>
        new(baseUrl ?? new Uri(platform.BackendUrl), new SecretToken(token)) { RequestTimeout = AttemptTimeout };

    private static string Key(string relative) => $"courses/{CourseId}/en/{relative}";

    private static FileRecordRequest Request(bool withTranscript = false)
    {
        var target = PublishTarget.Create(CourseId, "en", "Session 1 - Introduction");
        var keys = new S3KeySet
        {
            Master = Key("master.m3u8"),
            Qualities = new Dictionary<string, string> { ["1080p"] = Key("1080p/index.m3u8"), ["720p"] = Key("720p/index.m3u8"), ["480p"] = Key("480p/index.m3u8") },
            Transcript = withTranscript
                ? new Dictionary<string, string> { ["srt"] = Key("transcript.srt"), ["vtt"] = Key("transcript.vtt"), ["txt"] = Key("transcript.txt"), ["json"] = Key("transcript.json") }
                : null,
        };
        return FileRecordRequest.Create(target, keys, TimeSpan.FromSeconds(1244.6), ["1080p", "720p", "480p"]);
    }

    private async Task<HttpStatusCode> PutAsync(PresignedUpload upload, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(upload.ContentType);
        using var response = await platform.Http.PutAsync(upload.SignedUrl, content);
        return response.StatusCode;
    }
}
