using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HlsEncoder.Configuration;
using HlsEncoder.Resilience;

namespace HlsEncoder.Backend;

/// <summary>
/// The client for the platform's three admin routes (backend-api.md). It unwraps the
/// {success, code, data, message} envelope, retries what is transient, and never retries 401/403.
/// </summary>
public sealed class BackendClient : IDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly IOperationLog _log;
    private readonly RetrySchedule _schedule;

    public BackendClient(BackendOptions options, IOperationLog? log = null, TimeProvider? timeProvider = null, RetrySchedule? schedule = null, HttpMessageHandler? handler = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? NullOperationLog.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _schedule = schedule ?? RetrySchedule.Default;
        // Redirects are not followed: the token must only ever reach BACKEND_URL itself.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(ProductInfo.UserAgent);
    }

    public BackendOptions Options { get; }

    /// <summary>One attempt at the auth route, reporting what happened instead of throwing.</summary>
    public async Task<BackendConnectionResult> TestConnectionAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var call = new BackendCall("the connection test", HttpMethod.Get, Options.AuthValidateEndpoint, SettingNames.AuthValidateEndpoint, null);
        try
        {
            var data = await SendAsync(call, RetrySchedule.None, cancellationToken).ConfigureAwait(false);
            return new BackendConnectionResult
            {
                Status = BackendConnectionStatus.Connected,
                BackendUrl = Options.BaseUrl.ToString(),
                StatusCode = 200,
                Latency = _time.GetElapsedTime(started),
                User = ReadUser(data),
                TokenExpiresAt = Options.Token.ExpiresAt,
                Message = "The backend is reachable and accepts the token as an admin's.",
            };
        }
        catch (BackendException e)
        {
            return new BackendConnectionResult
            {
                Status = e.ErrorId switch
                {
                    "BackendUnauthorized" => BackendConnectionStatus.Unauthorized,
                    "BackendForbidden" => BackendConnectionStatus.Forbidden,
                    "BackendUnreachable" => BackendConnectionStatus.Unreachable,
                    "BackendTimeout" => BackendConnectionStatus.TimedOut,
                    "BackendUnavailable" => BackendConnectionStatus.ServerError,
                    _ => BackendConnectionStatus.UnexpectedResponse,
                },
                BackendUrl = Options.BaseUrl.ToString(),
                StatusCode = e.StatusCode,
                Latency = e.StatusCode is null ? null : _time.GetElapsedTime(started),
                TokenExpiresAt = Options.Token.ExpiresAt,
                Message = e.Message,
            };
        }
    }

    public async Task<BackendUser> GetCurrentUserAsync(CancellationToken cancellationToken)
    {
        var call = new BackendCall("token validation", HttpMethod.Get, Options.AuthValidateEndpoint, SettingNames.AuthValidateEndpoint, null);
        return ReadUser(await SendAsync(call, _schedule, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Asks for a presigned PUT URL for exactly <paramref name="key"/> with exactly <paramref name="contentType"/>.</summary>
    public async Task<PresignedUpload> PresignAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        var call = new BackendCall($"presign {key}", HttpMethod.Post, Options.PresignExactEndpoint, SettingNames.PresignExactEndpoint, new { key, contentType });
        var data = await SendAsync(call, _schedule, cancellationToken).ConfigureAwait(false);
        var signed = ReadString(data, "signedUrl");
        if (!Uri.TryCreate(signed, UriKind.Absolute, out var signedUrl) || (signedUrl.Scheme != Uri.UriSchemeHttps && signedUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw BackendErrors.InvalidResponse(call.Operation, "data.signedUrl is missing or not an http(s) URL", Shown(call), 200, 1);
        }

        var returnedKey = ReadString(data, "key") ?? key;
        if (!string.Equals(returnedKey, key, StringComparison.Ordinal))
        {
            throw BackendErrors.InvalidResponse(call.Operation, $"it presigned '{returnedKey}' instead of the exact key asked for", Shown(call), 200, 1);
        }

        var download = ReadString(data, "downloadUrl");
        return new PresignedUpload(key, contentType, signedUrl, Uri.TryCreate(download, UriKind.Absolute, out var d) ? d : null);
    }

    public async Task<FileRecord> CreateFileRecordAsync(FileRecordRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var call = new BackendCall($"create File record '{request.Name}'", HttpMethod.Post, Options.FileCreateEndpoint, SettingNames.FileCreateEndpoint, request);
        var started = _time.GetTimestamp();
        _log.Event("phase.start", ("phase", "record"), ("name", request.Name), ("courseId", request.CourseId), ("language", request.Language));
        var data = await SendAsync(call, _schedule, cancellationToken).ConfigureAwait(false);
        var id = ReadString(data, "_id") ?? ReadString(data, "id");
        if (string.IsNullOrEmpty(id))
        {
            throw BackendErrors.InvalidResponse(call.Operation, "data._id is missing from the stored record", Shown(call), 200, 1);
        }

        _log.Event("phase.end", ("phase", "record"), ("name", request.Name), ("fileRecordId", id), ("seconds", Math.Round(_time.GetElapsedTime(started).TotalSeconds, 3)));

        return new FileRecord
        {
            Id = id,
            Name = ReadString(data, "name") ?? request.Name,
            CourseId = ReadString(data, "courseId") ?? request.CourseId,
            Language = ReadString(data, "language") ?? request.Language,
            Type = ReadString(data, "type") ?? request.Type,
            S3Keys = data.TryGetProperty("s3Keys", out var keys) && keys.ValueKind == JsonValueKind.Object
                ? keys.Deserialize<S3KeySet>(JsonOptions) ?? request.S3Keys
                : request.S3Keys,
            Duration = data.TryGetProperty("duration", out var d) && d.TryGetInt64(out var seconds) ? seconds : request.Duration,
            Qualities = data.TryGetProperty("qualities", out var q) && q.ValueKind == JsonValueKind.Array
                ? q.EnumerateArray().Select(e => e.ToString()).ToArray()
                : request.Qualities,
            UploadedBy = ReadString(data, "uploadedBy") ?? request.UploadedBy,
            CreatedAt = DateTimeOffset.TryParse(ReadString(data, "createdAt"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var created) ? created : null,
        };
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> SendAsync(BackendCall call, RetrySchedule schedule, CancellationToken cancellationToken)
    {
        var url = Options.Resolve(call.Endpoint);
        var shown = Shown(call);
        var pipeline = HttpRetryPipeline.Create(call.Operation, schedule, Options.RequestTimeout, _time, notice => notice.Report(_log));
        var attempts = 0;
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    using var request = CreateRequest(call, url);
                    _log.Debug($"{call.Method} {shown} (attempt {attempts} of {schedule.MaxAttempts})");
                    var started = _time.GetTimestamp();
                    var answer = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                    _log.Debug($"{call.Method} {shown}: HTTP {(int)answer.StatusCode} in {_time.GetElapsedTime(started).TotalMilliseconds:0} ms");
                    return answer;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && TransientFailure.IsTransient(e, cancellationToken))
        {
            throw BackendErrors.FromException(call.Operation, e, Options.BaseUrl.ToString(), attempts);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var envelope = ReadEnvelope(body);
            if (!response.IsSuccessStatusCode)
            {
                throw BackendErrors.FromStatus(call.Operation, response.StatusCode, envelope.Message, shown, call.EndpointSetting, attempts, response.Headers.Location);
            }

            if (envelope.Problem is { } problem)
            {
                throw BackendErrors.InvalidResponse(call.Operation, problem, shown, (int)response.StatusCode, attempts);
            }

            if (envelope.Success != true)
            {
                var code = envelope.Code is >= 400 and < 600 ? (HttpStatusCode)envelope.Code.Value : HttpStatusCode.BadRequest;
                throw BackendErrors.FromStatus(call.Operation, code, envelope.Message ?? "success was false", shown, call.EndpointSetting, attempts, null);
            }

            return envelope.Data;
        }
    }

    private HttpRequestMessage CreateRequest(BackendCall call, Uri url)
    {
        var request = new HttpRequestMessage(call.Method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Options.Token.Reveal());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (call.Body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(call.Body, call.Body.GetType(), JsonOptions), System.Text.Encoding.UTF8);
            request.Content.Headers.ContentType = JsonMediaType;
        }

        return request;
    }

    private string Shown(BackendCall call) => Redaction.Url(Options.Resolve(call.Endpoint));

    private static Envelope ReadEnvelope(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new Envelope(null, null, default, null, "the body is empty");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new Envelope(null, null, default, null, "the body is not a JSON object");
            }

            bool? success = root.TryGetProperty("success", out var s) && s.ValueKind is JsonValueKind.True or JsonValueKind.False ? s.GetBoolean() : null;
            int? code = root.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : null;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
            var problem = success is null ? "the 'success' field is missing"
                : success == true && data.ValueKind != JsonValueKind.Object ? "'data' is missing or not an object"
                : null;
            return new Envelope(success, code, data, message, problem);
        }
        catch (JsonException)
        {
            return new Envelope(null, null, default, null, "the body is not JSON");
        }
    }

    private static BackendUser ReadUser(JsonElement data) => new()
    {
        Id = ReadString(data, "_id") ?? ReadString(data, "id"),
        Email = ReadString(data, "email"),
        Name = ReadString(data, "name"),
        Role = ReadString(data, "role"),
    };

    private static string? ReadString(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private sealed record BackendCall(string Operation, HttpMethod Method, string Endpoint, string EndpointSetting, object? Body);

    private sealed record Envelope(bool? Success, int? Code, JsonElement Data, string? Message, string? Problem);
}
