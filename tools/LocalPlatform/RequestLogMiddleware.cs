using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalPlatform;

public sealed class RequestLogMiddleware(RequestDelegate next, RequestLog log, TimeProvider clock)
{
    public const int ClientClosedRequest = 499;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (ContractRoutes.IsControl(request.Path))
        {
            await next(context);
            return;
        }
        var time = clock.GetUtcNow();
        var route = ContractRoutes.Classify(request.Path);
        var (key, contentType) = route == ContractRoute.Presign && HttpMethods.IsPost(request.Method)
            ? await PeekPresignBodyAsync(context)
            : (null, null);
        try
        {
            await next(context);
        }
        finally
        {
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted
                ? ClientClosedRequest
                : context.Response.StatusCode;
            log.Add(new LoggedRequest(
                time, request.Method, route, request.Path.Value ?? "", status,
                request.Headers.Authorization.Count > 0, key, contentType));
        }
    }

    private static async Task<(string? Key, string? ContentType)> PeekPresignBodyAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
            return body is null ? (null, null) : (JsonBody.Text(body, "key"), JsonBody.Text(body, "contentType"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
    }
}
