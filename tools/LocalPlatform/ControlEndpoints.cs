using System.Text.Json.Nodes;

namespace LocalPlatform;

public sealed class ControlEndpoints(
    FaultQueue faults,
    RuntimeSettings settings,
    RequestLog log,
    FileRecordStore records,
    S3Control s3,
    JwtTokens tokens,
    PlatformUsers users)
{
    public void Map(IEndpointRouteBuilder app)
    {
        var control = app.MapGroup(ContractRoutes.ControlPrefix);
        control.MapPost("/faults", (RequestDelegate)AddFaultAsync);
        control.MapPost("/s3/faults", (RequestDelegate)AddS3FaultAsync);
        control.MapPost("/settings", (RequestDelegate)ChangeSettingsAsync);
        control.MapPost("/reset", (RequestDelegate)ResetAsync);
        control.MapPost("/tokens", (RequestDelegate)MintTokenAsync);
        control.MapGet("/files", context => Envelope.WriteAsync(context, 200, records.All()));
        control.MapGet("/requests", context => Envelope.WriteAsync(context, 200, log.ToJson()));
        control.MapGet("/s3/puts", context => RelayAsync(context, s3.PutCountsAsync(context.RequestAborted)));
        control.MapGet("/s3/requests", context => RelayAsync(context, s3.RequestsAsync(context.RequestAborted)));
    }

    private async Task AddFaultAsync(HttpContext context)
    {
        if (await ReadAsync(context) is not { } body)
        {
            return;
        }
        if (FaultRequest.Parse(body, out var problem) is not { } fault)
        {
            await Envelope.ErrorAsync(context, 400, problem!);
            return;
        }
        await Envelope.WriteAsync(context, 200, new JsonObject { ["queued"] = faults.Add(fault) });
    }

    private async Task AddS3FaultAsync(HttpContext context)
    {
        if (await ReadAsync(context) is { } body)
        {
            await RelayAsync(context, s3.AddFaultAsync(body, context.RequestAborted));
        }
    }

    private async Task ChangeSettingsAsync(HttpContext context)
    {
        if (await ReadAsync(context) is not { } body)
        {
            return;
        }
        if (body.ContainsKey("presignExpirySeconds"))
        {
            if (!JsonBody.TryInt(body, "presignExpirySeconds", out var seconds)
                || seconds < 1 || seconds > PlatformOptions.MaxPresignExpirySeconds)
            {
                await Envelope.ErrorAsync(context, 400, $"presignExpirySeconds must be 1 to {PlatformOptions.MaxPresignExpirySeconds}");
                return;
            }
            settings.PresignExpirySeconds = seconds;
        }
        await Envelope.WriteAsync(context, 200, new JsonObject { ["presignExpirySeconds"] = settings.PresignExpirySeconds });
    }

    private async Task ResetAsync(HttpContext context)
    {
        var clearFiles = string.Equals(context.Request.Query["files"], "true", StringComparison.OrdinalIgnoreCase);
        faults.Clear();
        settings.Reset();
        log.Clear();
        var s3Answer = await s3.ResetAsync(context.RequestAborted);
        if (clearFiles)
        {
            records.Clear();
        }
        if (s3Answer.Status != 200)
        {
            await Envelope.ErrorAsync(context, 502, "the S3 server did not reset");
            return;
        }
        await Envelope.WriteAsync(context, 200, new JsonObject { ["filesCleared"] = clearFiles });
    }

    private async Task MintTokenAsync(HttpContext context)
    {
        if (await ReadAsync(context) is not { } body)
        {
            return;
        }
        var role = JsonBody.Text(body, "role") ?? PlatformUser.AdminRole;
        if (role.Length == 0 || !role.All(char.IsAsciiLetterLower))
        {
            await Envelope.ErrorAsync(context, 400, "role must be a lowercase word such as admin or user");
            return;
        }
        var lifetime = 3600;
        if (body.ContainsKey("expiresInSeconds") && !JsonBody.TryInt(body, "expiresInSeconds", out lifetime))
        {
            await Envelope.ErrorAsync(context, 400, "expiresInSeconds must be a whole number (negative for an expired token)");
            return;
        }
        var token = tokens.Issue(users.For(role), TimeSpan.FromSeconds(lifetime));
        await Envelope.WriteAsync(context, 200, new JsonObject { ["token"] = token });
    }

    private static async Task<JsonObject?> ReadAsync(HttpContext context)
    {
        var body = await JsonBody.ReadObjectAsync(context);
        if (body is null)
        {
            await Envelope.ErrorAsync(context, 400, ContractEndpoints.BadJson);
        }
        return body;
    }

    private static async Task RelayAsync(HttpContext context, Task<S3ControlAnswer> call)
    {
        var answer = await call;
        if (answer.Status == 200)
        {
            await Envelope.WriteAsync(context, 200, answer.Body);
            return;
        }
        var message = answer.Body?["message"]?.GetValue<string>() ?? "the S3 server refused the request";
        await Envelope.ErrorAsync(context, answer.Status == 400 ? 400 : 502, message);
    }
}
