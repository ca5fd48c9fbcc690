using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HlsEncoder.Tests.LocalPlatform;

public sealed class LocalPlatformTests(LocalPlatformFixture platform) : IClassFixture<LocalPlatformFixture>, IAsyncLifetime
{
    private const string CourseId = "65a1f0c2e4b0a1b2c3d4e5f6";
    private const string AuthPath = "/api/v1/admin/auth/me";
    private const string PresignPath = "/api/v1/admin/content/aws/uploadUrlExact";
    private const string FilesPath = "/api/v1/admin/content/files";

    public Task InitializeAsync() => platform.ResetAsync(files: true);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PresignedPutWithTheSignedContentTypeIsStoredWithMd5ETag()
    {
        var key = $"courses/{CourseId}/en/720p/seg 000+ü=(1).ts";
        var body = RandomNumberGenerator.GetBytes(64 * 1024);
        var (signedUrl, downloadUrl) = await platform.PresignAsync(key, "video/mp2t");

        using var put = await PutAsync(signedUrl, body, "video/mp2t");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(body))}\"", put.Headers.ETag?.Tag);
        Assert.StartsWith(platform.S3Url + "/media/courses/", signedUrl, StringComparison.Ordinal);
        Assert.Equal(platform.PublicBaseUrl + $"/courses/{CourseId}/en/720p/seg%20000%2B%C3%BC%3D%281%29.ts", downloadUrl);
        using var get = await platform.Http.GetAsync(downloadUrl);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("video/mp2t", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(new Dictionary<string, int> { [key] = 1 }, await platform.GetS3PutCountsAsync());
    }

    [Theory]
    [InlineData("video/mp4")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData(null)]
    public async Task PresignedPutWithAnotherContentTypeIsForbidden(string? contentType)
    {
        var key = $"courses/{CourseId}/en/480p/seg_001.ts";
        var (signedUrl, downloadUrl) = await platform.PresignAsync(key, "video/mp2t");

        using var put = await PutAsync(signedUrl, "abc"u8.ToArray(), contentType);

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var get = await platform.Http.GetAsync(downloadUrl);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Empty(await platform.GetS3PutCountsAsync());
        Assert.Equal([new S3Request("PUT", key, 403)], await platform.GetS3RequestsAsync());
    }

    [Fact]
    public async Task ExpiredPresignedUrlIsForbidden()
    {
        var key = $"courses/{CourseId}/en/master.m3u8";
        // Expiry counts from X-Amz-Date, which is rounded down to the second: 2 s leaves the first PUT at least 1 s.
        await platform.SetPresignExpiryAsync(2);
        var (signedUrl, _) = await platform.PresignAsync(key, "application/vnd.apple.mpegurl");
        Assert.Contains("X-Amz-Expires=2&", signedUrl, StringComparison.Ordinal);
        using (var fresh = await PutAsync(signedUrl, "#EXTM3U\n"u8.ToArray(), "application/vnd.apple.mpegurl"))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        // The S3 server holds the PUT for 3 s before it checks the signature, so the URL expires on the way.
        await platform.SetS3FaultAsync(status: 0, delayMs: 3000);
        using var late = await PutAsync(signedUrl, "#EXTM3U\n"u8.ToArray(), "application/vnd.apple.mpegurl");

        Assert.Equal(HttpStatusCode.Forbidden, late.StatusCode);
        Assert.Contains("Request has expired", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([200, 403], (await platform.GetS3RequestsAsync()).Select(request => request.Status));
    }

    [Fact]
    public async Task AuthMeDescribesTheAdmin()
    {
        using var response = await platform.SendAsync(HttpMethod.Get, AuthPath, platform.AdminToken);

        var body = await EnvelopeAsync(response, HttpStatusCode.OK);
        Assert.True((bool)body["success"]!);
        Assert.Equal("admin", (string?)body["data"]!["role"]);
        Assert.Matches("^[0-9a-f]{24}$", (string?)body["data"]!["_id"]);
        Assert.False(string.IsNullOrEmpty((string?)body["data"]!["email"]));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("malformed")]
    [InlineData("tampered")]
    [InlineData("foreign-key")]
    [InlineData("expired")]
    [InlineData("basic")]
    public async Task BadTokensAreUnauthorizedOnEveryRoute(string kind)
    {
        var token = kind switch
        {
            "missing" or "basic" => null,
            "malformed" => "not-a-jwt",
            "tampered" => Tamper(platform.UserToken),
            "foreign-key" => SignWithRandomKey(platform.AdminToken),
            "expired" => platform.ExpiredToken,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        foreach (var (method, path) in new[] { (HttpMethod.Get, AuthPath), (HttpMethod.Post, PresignPath), (HttpMethod.Post, FilesPath) })
        {
            using var request = new HttpRequestMessage(method, platform.BackendUrl + path) { Content = JsonBody(new JsonObject()) };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            if (kind == "basic")
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=");
            }
            using var response = await platform.Http.SendAsync(request);

            var body = await EnvelopeAsync(response, HttpStatusCode.Unauthorized);
            Assert.False((bool)body["success"]!);
        }
    }

    [Fact]
    public async Task NonAdminTokensAreForbidden()
    {
        var editor = await platform.MintTokenAsync("editor", 60);
        foreach (var token in new[] { platform.UserToken, editor })
        {
            using var response = await platform.SendAsync(HttpMethod.Get, AuthPath, token);
            await EnvelopeAsync(response, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task MintedTokensCarryTheirRoleAndExpiry()
    {
        using var admin = await platform.SendAsync(HttpMethod.Get, AuthPath, await platform.MintTokenAsync("admin", 60));
        using var user = await platform.SendAsync(HttpMethod.Get, AuthPath, await platform.MintTokenAsync("user", 60));
        using var expired = await platform.SendAsync(HttpMethod.Get, AuthPath, await platform.MintTokenAsync("admin", -5));

        await EnvelopeAsync(admin, HttpStatusCode.OK);
        await EnvelopeAsync(user, HttpStatusCode.Forbidden);
        await EnvelopeAsync(expired, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("", "video/mp2t", "key")]
    [InlineData("media/x.ts", "video/mp2t", "key")]
    [InlineData("/courses/x.ts", "video/mp2t", "key")]
    [InlineData("courses/a/../b.ts", "video/mp2t", "key")]
    [InlineData("courses\\a\\b.ts", "video/mp2t", "key")]
    [InlineData("courses/a/b.ts", "text/plain", "contentType")]
    [InlineData("courses/a/b.ts", "video/MP2T", "contentType")]
    [InlineData("courses/a/b.ts", "", "contentType")]
    public async Task PresignRejectsBadKeysAndContentTypes(string key, string contentType, string field)
    {
        using var response = await platform.SendAsync(HttpMethod.Post, PresignPath, platform.AdminToken,
            new JsonObject { ["key"] = key, ["contentType"] = contentType });

        var body = await EnvelopeAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith(field + " ", (string?)body["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/vnd.apple.mpegurl")]
    [InlineData("video/mp2t")]
    [InlineData("video/iso.segment")]
    [InlineData("video/mp4")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/json")]
    [InlineData("text/vtt")]
    public async Task PresignAcceptsEveryContractContentType(string contentType)
    {
        var key = $"courses/{CourseId}/en/file";
        using var response = await platform.SendAsync(HttpMethod.Post, PresignPath, platform.AdminToken,
            new JsonObject { ["key"] = key, ["contentType"] = contentType });

        var data = (await EnvelopeAsync(response, HttpStatusCode.OK))["data"]!;
        Assert.Equal(key, (string?)data["key"]);
        Assert.Contains("X-Amz-Signature=", (string?)data["signedUrl"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileRecordIsStoredWithAnObjectIdAndEveryField()
    {
        var record = ValidRecord();
        record["s3Keys"]!["transcript"] = new JsonObject { ["vtt"] = $"courses/{CourseId}/en/transcript.vtt" };
        record["clientVersion"] = "0.1.0";

        using var response = await platform.SendAsync(HttpMethod.Post, FilesPath, platform.AdminToken, record);

        var stored = (await EnvelopeAsync(response, HttpStatusCode.Created))["data"]!.AsObject();
        Assert.Matches("^[0-9a-f]{24}$", (string?)stored["_id"]);
        Assert.True(DateTimeOffset.TryParse((string?)stored["createdAt"], out _));
        foreach (var (name, value) in record)
        {
            Assert.True(JsonNode.DeepEquals(value, stored[name]), name);
        }
        var listed = Assert.Single(await platform.GetFileRecordsAsync());
        Assert.True(JsonNode.DeepEquals(stored, listed));
    }

    [Theory]
    [InlineData("name", "")]
    [InlineData("name", "201")]
    [InlineData("courseId", "65a1f0c2e4b0a1b2c3d4e5f")]
    [InlineData("courseId", "65a1f0c2e4b0a1b2c3d4e5fg")]
    [InlineData("language", "it")]
    [InlineData("type", "dash")]
    [InlineData("s3Keys", "missing")]
    [InlineData("s3Keys.master", "courses/65a1f0c2e4b0a1b2c3d4e5f6/es/master.m3u8")]
    [InlineData("s3Keys.master", "courses/65a1f0c2e4b0a1b2c3d4e5f6/en/../../x/master.m3u8")]
    [InlineData("qualities", "[]")]
    [InlineData("qualities", "[1]")]
    [InlineData("duration", "-1")]
    [InlineData("duration", "1.5")]
    [InlineData("duration", "\"12\"")]
    [InlineData("uploadedBy", "")]
    public async Task FileRecordWithABadFieldIsRejectedNamingIt(string field, string value)
    {
        var record = ValidRecord();
        switch (field)
        {
            case "name" when value == "201":
                record["name"] = new string('x', 201);
                break;
            case "s3Keys":
                record.Remove("s3Keys");
                break;
            case "s3Keys.master":
                record["s3Keys"]!["master"] = value;
                break;
            case "qualities" or "duration":
                record[field] = JsonNode.Parse(value);
                break;
            default:
                record[field] = value;
                break;
        }

        using var response = await platform.SendAsync(HttpMethod.Post, FilesPath, platform.AdminToken, record);

        var body = await EnvelopeAsync(response, HttpStatusCode.BadRequest);
        Assert.StartsWith(field + " ", (string?)body["message"], StringComparison.Ordinal);
        Assert.Empty(await platform.GetFileRecordsAsync());
    }

    [Fact]
    public async Task BadJsonAndUnknownRoutesAnswerWrappedErrors()
    {
        using var badJson = new HttpRequestMessage(HttpMethod.Post, platform.BackendUrl + FilesPath)
        {
            Content = new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"),
        };
        badJson.Headers.Authorization = new AuthenticationHeaderValue("Bearer", platform.AdminToken);
        using var badJsonResponse = await platform.Http.SendAsync(badJson);
        using var unknown = await platform.SendAsync(HttpMethod.Get, "/api/v1/admin/nothing", platform.AdminToken);

        await EnvelopeAsync(badJsonResponse, HttpStatusCode.BadRequest);
        await EnvelopeAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BackendFaultsAnswerTheirStatusThenLetCallsThrough()
    {
        await platform.SetFaultAsync("presign", 500, count: 2, retryAfterSeconds: 1);
        var presign = new JsonObject { ["key"] = $"courses/{CourseId}/en/master.m3u8", ["contentType"] = "application/vnd.apple.mpegurl" };

        var statuses = new List<HttpStatusCode>();
        var retryAfters = new List<TimeSpan?>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await platform.SendAsync(HttpMethod.Post, PresignPath, platform.AdminToken, presign.DeepClone());
            statuses.Add(response.StatusCode);
            retryAfters.Add(response.Headers.RetryAfter?.Delta);
            await EnvelopeAsync(response, response.StatusCode);
        }
        using var auth = await platform.SendAsync(HttpMethod.Get, AuthPath, platform.AdminToken);

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK], statuses);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), null], retryAfters);
        Assert.Equal(HttpStatusCode.OK, auth.StatusCode);
    }

    [Fact]
    public async Task FaultsQueueAndAfterCountLetsCallsThroughFirst()
    {
        await platform.SetFaultAsync("files", 503, count: 1, afterCount: 1);
        await platform.SetFaultAsync("any", 429, count: 1);

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await platform.SendAsync(HttpMethod.Post, FilesPath, platform.AdminToken, ValidRecord());
            statuses.Add((int)response.StatusCode);
        }
        using var auth = await platform.SendAsync(HttpMethod.Get, AuthPath, platform.AdminToken);

        // The first queued fault that matches owns a call: 503 lets one through, then fires; 429 ("any") fires next.
        Assert.Equal([201, 503, 429, 201], statuses);
        Assert.Equal(HttpStatusCode.OK, auth.StatusCode);
        Assert.Equal(2, (await platform.GetFileRecordsAsync()).Count);
    }

    [Fact]
    public async Task DelayOnlyFaultDelaysThenAnswersNormally()
    {
        await platform.SetFaultAsync("auth", 0, delayMs: 400);
        var clock = Stopwatch.StartNew();

        using var delayed = await platform.SendAsync(HttpMethod.Get, AuthPath, platform.AdminToken);
        var delayedTime = clock.Elapsed;

        Assert.Equal(HttpStatusCode.OK, delayed.StatusCode);
        // Timers may fire a tick early; without the fault the answer takes a few milliseconds.
        Assert.True(delayedTime >= TimeSpan.FromMilliseconds(350), $"answered after {delayedTime}");
    }

    [Fact]
    public async Task S3FaultsHitMatchingKeysOnly()
    {
        await platform.SetS3FaultAsync(503, count: 1, keyContains: "seg_");
        var playlist = $"courses/{CourseId}/en/720p/index.m3u8";
        var segment = $"courses/{CourseId}/en/720p/seg_000.ts";
        var (playlistUrl, _) = await platform.PresignAsync(playlist, "application/vnd.apple.mpegurl");
        var (segmentUrl, _) = await platform.PresignAsync(segment, "video/mp2t");

        using var playlistPut = await PutAsync(playlistUrl, "#EXTM3U\n"u8.ToArray(), "application/vnd.apple.mpegurl");
        using var failed = await PutAsync(segmentUrl, [1, 2, 3], "video/mp2t");
        var failedBody = await failed.Content.ReadAsStringAsync();
        using var retried = await PutAsync(segmentUrl, [1, 2, 3], "video/mp2t");

        Assert.Equal(HttpStatusCode.OK, playlistPut.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Contains("<Code>SlowDown</Code>", failedBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(new Dictionary<string, int> { [playlist] = 1, [segment] = 1 }, await platform.GetS3PutCountsAsync());
        Assert.Equal(
            [new S3Request("PUT", playlist, 200), new S3Request("PUT", segment, 503), new S3Request("PUT", segment, 200)],
            await platform.GetS3RequestsAsync());
    }

    [Fact]
    public async Task RequestLogRecordsCallsButNoTokens()
    {
        var key = $"courses/{CourseId}/en/transcript.srt";
        await platform.PresignAsync(key, "text/plain; charset=utf-8");
        using var anonymous = await platform.SendAsync(HttpMethod.Get, AuthPath, token: null);
        using var rawLog = await platform.Http.GetAsync(platform.BackendUrl + "/_local/requests");
        var raw = await rawLog.Content.ReadAsStringAsync();

        var log = await platform.GetRequestsAsync();

        Assert.Equal(2, log.Count);
        Assert.Equal(("presign", 200, true, key, "text/plain; charset=utf-8"),
            (log[0].Route, log[0].Status, log[0].HasAuthorization, log[0].Key, log[0].ContentType));
        Assert.Equal(("auth", 401, false, AuthPath), (log[1].Route, log[1].Status, log[1].HasAuthorization, log[1].Path));
        Assert.DoesNotContain(platform.AdminToken, raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetClearsFaultsSettingsAndLogsButKeepsRecordsUnlessAsked()
    {
        using (var created = await platform.SendAsync(HttpMethod.Post, FilesPath, platform.AdminToken, ValidRecord()))
        {
            await EnvelopeAsync(created, HttpStatusCode.Created);
        }
        await platform.SetFaultAsync("auth", 500, count: 5);
        await platform.SetS3FaultAsync(500, count: 5);
        await platform.SetPresignExpiryAsync(5);

        await platform.ResetAsync();

        using var auth = await platform.SendAsync(HttpMethod.Get, AuthPath, platform.AdminToken);
        Assert.Equal(HttpStatusCode.OK, auth.StatusCode);
        var (signedUrl, _) = await platform.PresignAsync($"courses/{CourseId}/en/a.json", "application/json");
        Assert.Contains("X-Amz-Expires=3600&", signedUrl, StringComparison.Ordinal);
        using var put = await PutAsync(signedUrl, "{}"u8.ToArray(), "application/json");
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Single(await platform.GetFileRecordsAsync());

        await platform.ResetAsync(files: true);

        Assert.Empty(await platform.GetFileRecordsAsync());
        Assert.Empty(await platform.GetRequestsAsync());
        Assert.Empty(await platform.GetS3PutCountsAsync());
    }

    [Fact]
    public async Task PrintsOneReadyLineAndNoSecrets()
    {
        var (signedUrl, _) = await platform.PresignAsync($"courses/{CourseId}/en/b.json", "application/json");
        using (await PutAsync(signedUrl, "{}"u8.ToArray(), "text/vtt"))
        {
        }
        using (await platform.SendAsync(HttpMethod.Get, AuthPath, platform.ExpiredToken))
        {
        }

        var line = Assert.Single(platform.StandardOutput);
        Assert.Matches(@"^LocalPlatform ready: backend http://127\.0\.0\.1:\d+ s3 http://127\.0\.0\.1:\d+/media$", line);
        Assert.Equal($"LocalPlatform ready: backend {platform.BackendUrl} s3 {platform.PublicBaseUrl}", line);
        var output = string.Join('\n', platform.StandardOutput.Concat(platform.StandardError));
        foreach (var secret in new[] { platform.AdminToken, platform.UserToken, platform.ExpiredToken, "X-Amz-Signature", "eyJ" })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(platform.InfoFile));
        }
    }

    [Fact]
    public async Task RecordsObjectsAndTokensSurviveARestart()
    {
        var data = Directory.CreateTempSubdirectory("localplatform-durable-").FullName;
        try
        {
            await using var own = await LocalPlatformFixture.StartAsync(dataPath: data);
            using var created = await own.SendAsync(HttpMethod.Post, FilesPath, own.AdminToken, ValidRecord());
            var stored = (await EnvelopeAsync(created, HttpStatusCode.Created))["data"]!;
            var (signedUrl, downloadUrl) = await own.PresignAsync($"courses/{CourseId}/en/master.m3u8", "application/vnd.apple.mpegurl");
            using (var put = await PutAsync(signedUrl, "#EXTM3U\n"u8.ToArray(), "application/vnd.apple.mpegurl"))
            {
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }
            var tokenBefore = own.AdminToken;
            var pidBefore = own.ProcessId;

            await own.RestartAsync();

            Assert.NotEqual(pidBefore, own.ProcessId);
            Assert.True(JsonNode.DeepEquals(stored, Assert.Single(await own.GetFileRecordsAsync())));
            using var me = await own.SendAsync(HttpMethod.Get, AuthPath, tokenBefore);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            Assert.Equal("#EXTM3U\n", await own.Http.GetStringAsync(downloadUrl));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task StopsWithItsNodeChildWhenTheParentProcessIsGone()
    {
        using var parent = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        await using var own = await LocalPlatformFixture.StartAsync(parentPid: parent.Id);
        var node = Process.GetProcessById(own.S3ProcessId);
        Assert.False(own.HasExited);
        Assert.True(Directory.Exists(own.DataPath));
        Assert.True(File.Exists(own.InfoFile));

        parent.Kill();
        await own.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.True(own.HasExited);
        Assert.True(node.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.False(Directory.Exists(own.DataPath));
        Assert.False(File.Exists(own.InfoFile));
    }

    private static JsonObject ValidRecord() => new()
    {
        ["name"] = "Session 1 - Introduction",
        ["courseId"] = CourseId,
        ["language"] = "en",
        ["type"] = "hls",
        ["s3Keys"] = new JsonObject
        {
            ["master"] = $"courses/{CourseId}/en/master.m3u8",
            ["qualities"] = new JsonObject { ["720p"] = $"courses/{CourseId}/en/720p/index.m3u8" },
        },
        ["duration"] = 1245,
        ["qualities"] = new JsonArray("720p"),
        ["uploadedBy"] = "HlsEncoder-tests",
    };

    private async Task<HttpResponseMessage> PutAsync(string signedUrl, byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var request = new HttpRequestMessage(HttpMethod.Put, signedUrl) { Content = content };
        return await platform.Http.SendAsync(request);
    }

    private static async Task<JsonObject> EnvelopeAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)expected, (int)body["code"]!);
        Assert.Equal((int)expected is >= 200 and < 300, (bool)body["success"]!);
        Assert.True(body.ContainsKey("data"));
        if (!(bool)body["success"]!)
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)body["message"]));
        }
        return body;
    }

    private static StringContent JsonBody(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");

    // Changes the role in the payload and keeps the old signature: the signature no longer matches.
    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Base64UrlDecode(parts[1])).Replace("\"role\":\"user\"", "\"role\":\"admin\"", StringComparison.Ordinal);
        Assert.Contains("\"role\":\"admin\"", payload, StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(payload))}.{parts[2]}";
    }

    private static string SignWithRandomKey(string token)
    {
        var parts = token.Split('.');
        var signature = HMACSHA256.HashData(RandomNumberGenerator.GetBytes(32), System.Text.Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"));
        return $"{parts[0]}.{parts[1]}.{Base64UrlEncode(signature)}";
    }

    private static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);

    private static string Base64UrlEncode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
