using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HlsEncoder.Tests.LocalPlatform;

// Runs the local platform (backend + real S3) as a process for xunit tests: IClassFixture<LocalPlatformFixture>,
// or [Collection(LocalPlatformCollection.Name)] to share one. Each test should start with ResetAsync().
public sealed class LocalPlatformFixture : IAsyncLifetime
{
    private readonly string? requestedDataPath;
    private readonly int parentPid;
    private readonly string infoFile = Path.Combine(Path.GetTempPath(), $"localplatform-{Guid.NewGuid():N}.json");
    private PlatformProcess? running;
    private JsonElement? info;

    public LocalPlatformFixture()
        : this(null, null)
    {
    }

    private LocalPlatformFixture(string? dataPath, int? parentPid)
    {
        requestedDataPath = dataPath is null ? null : Path.GetFullPath(dataPath);
        this.parentPid = parentPid ?? Environment.ProcessId;
    }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    // A temporary folder of the platform's own unless StartAsync(dataPath) named one (which RestartAsync needs).
    public string DataPath => Text("dataPath");

    public string BackendUrl => Text("backendUrl");

    public string S3Url => Text("s3Url");

    public string Bucket => Text("bucket");

    public string PublicBaseUrl => Text("publicBaseUrl");

    public string AdminToken => Text("adminToken");

    public string UserToken => Text("userToken");

    public string ExpiredToken => Text("expiredToken");

    public int ProcessId => Info.GetProperty("pid").GetInt32();

    public int S3ProcessId => Info.GetProperty("s3Pid").GetInt32();

    public bool HasExited => running?.HasExited ?? true;

    public ConcurrentQueue<string> StandardOutput { get; } = new();

    public ConcurrentQueue<string> StandardError { get; } = new();

    private JsonElement Info => info ?? throw new InvalidOperationException("the local platform has not started");

    public string InfoFile => infoFile;

    public static async Task<LocalPlatformFixture> StartAsync(string? dataPath = null, int? parentPid = null)
    {
        var fixture = new LocalPlatformFixture(dataPath, parentPid);
        try
        {
            await fixture.InitializeAsync();
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        await LocalPlatformBuild.EnsureBuiltAsync();
        await StartProcessAsync(port: 0, s3Port: 0);
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        File.Delete(infoFile);
    }

    public async Task StopAsync()
    {
        if (running is not null)
        {
            await running.DisposeAsync();
            running = null;
        }
    }

    // Same data folder and ports, as a real restart would keep them.
    public async Task RestartAsync()
    {
        if (requestedDataPath is null)
        {
            throw new InvalidOperationException("a restart keeps data only with StartAsync(dataPath: ...)");
        }
        var backendPort = new Uri(BackendUrl).Port;
        var s3Port = new Uri(S3Url).Port;
        await StopAsync();
        await StartProcessAsync(backendPort, s3Port);
    }

    public Task WaitForExitAsync(TimeSpan timeout) => running?.WaitForExitAsync(timeout) ?? Task.CompletedTask;

    public Task SetFaultAsync(string route, int status, int count = 1, int? retryAfterSeconds = null, int delayMs = 0, int afterCount = 0, string? body = null)
    {
        var fault = new JsonObject
        {
            ["route"] = route,
            ["status"] = status,
            ["count"] = count,
            ["delayMs"] = delayMs,
            ["afterCount"] = afterCount,
        };
        if (retryAfterSeconds is { } seconds)
        {
            fault["retryAfterSeconds"] = seconds;
        }

        if (body is not null)
        {
            fault["body"] = body;
        }

        return ControlAsync(HttpMethod.Post, "/_local/faults", fault);
    }

    public Task SetS3FaultAsync(int status, int count = 1, int delayMs = 0, string? keyContains = null, int afterCount = 0)
    {
        var fault = new JsonObject { ["status"] = status, ["count"] = count, ["delayMs"] = delayMs, ["afterCount"] = afterCount };
        if (keyContains is not null)
        {
            fault["keyContains"] = keyContains;
        }
        return ControlAsync(HttpMethod.Post, "/_local/s3/faults", fault);
    }

    public Task SetPresignExpiryAsync(int seconds) =>
        ControlAsync(HttpMethod.Post, "/_local/settings", new JsonObject { ["presignExpirySeconds"] = seconds });

    public Task ResetAsync(bool files = false) =>
        ControlAsync(HttpMethod.Post, files ? "/_local/reset?files=true" : "/_local/reset", new JsonObject());

    public async Task<IReadOnlyList<JsonObject>> GetFileRecordsAsync() =>
        (await ControlAsync(HttpMethod.Get, "/_local/files")).AsArray().Select(record => record!.AsObject()).ToList();

    public async Task<IReadOnlyList<BackendRequest>> GetRequestsAsync() =>
        (await ControlAsync(HttpMethod.Get, "/_local/requests")).AsArray().Select(entry => new BackendRequest(
            DateTimeOffset.Parse((string)entry!["time"]!, System.Globalization.CultureInfo.InvariantCulture),
            (string)entry["method"]!,
            (string)entry["route"]!,
            (string)entry["path"]!,
            (int)entry["status"]!,
            (bool)entry["hasAuthorization"]!,
            (string?)entry["key"],
            (string?)entry["contentType"])).ToList();

    public async Task<IReadOnlyDictionary<string, int>> GetS3PutCountsAsync() =>
        (await ControlAsync(HttpMethod.Get, "/_local/s3/puts")).AsObject().ToDictionary(pair => pair.Key, pair => (int)pair.Value!);

    public async Task<IReadOnlyList<S3Request>> GetS3RequestsAsync() =>
        (await ControlAsync(HttpMethod.Get, "/_local/s3/requests")).AsArray()
            .Select(entry => new S3Request((string)entry!["method"]!, (string)entry["key"]!, (int)entry["status"]!)).ToList();

    public async Task<string> MintTokenAsync(string role, int expiresInSeconds) =>
        (string)(await ControlAsync(HttpMethod.Post, "/_local/tokens",
            new JsonObject { ["role"] = role, ["expiresInSeconds"] = expiresInSeconds }))["token"]!;

    // A contract call, as HlsEncoder makes it: bearer token, JSON body.
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, BackendUrl + path);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await Http.SendAsync(request);
    }

    public async Task<(string SignedUrl, string DownloadUrl)> PresignAsync(string key, string contentType)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/admin/content/aws/uploadUrlExact", AdminToken,
            new JsonObject { ["key"] = key, ["contentType"] = contentType });
        var data = await DataAsync(response);
        return ((string)data["signedUrl"]!, (string)data["downloadUrl"]!);
    }

    public static async Task<JsonNode> DataAsync(HttpResponseMessage response)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        if (!response.IsSuccessStatusCode || body?["success"]?.GetValue<bool>() != true)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {body?["message"]}", null, response.StatusCode);
        }
        return body["data"]!;
    }

    private async Task<JsonNode> ControlAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var response = await SendAsync(method, path, token: null, body);
        return await DataAsync(response);
    }

    private async Task StartProcessAsync(int port, int s3Port)
    {
        List<string> arguments =
        [
            "--port", PlatformProcess.Arg(port),
            "--s3-port", PlatformProcess.Arg(s3Port),
            "--info-file", InfoFile,
            "--parent-pid", PlatformProcess.Arg(parentPid),
        ];
        if (requestedDataPath is not null)
        {
            arguments.AddRange(["--data", requestedDataPath]);
        }
        running = await PlatformProcess.StartAsync(
            arguments,
            InfoFile,
            StandardOutput,
            StandardError);
        info = running.Info;
    }

    private string Text(string name) => Info.GetProperty(name).GetString()!;
}

[CollectionDefinition(Name)]
public sealed class LocalPlatformCollection : ICollectionFixture<LocalPlatformFixture>
{
    public const string Name = "LocalPlatform";
}
