using System.Globalization;

namespace LocalPlatform;

public sealed class FaultMiddleware(RequestDelegate next, FaultQueue faults)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var route = ContractRoutes.Classify(context.Request.Path);
        var fault = route == ContractRoute.Other ? null : faults.Take(route);
        if (fault is null)
        {
            await next(context);
            return;
        }
        if (fault.DelayMs > 0)
        {
            await Task.Delay(fault.DelayMs, context.RequestAborted);
        }
        if (fault.Status == 0)
        {
            await next(context);
            return;
        }
        if (fault.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        if (fault.Body is { } raw)
        {
            context.Response.StatusCode = fault.Status;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(raw, context.RequestAborted);
            return;
        }
        await Envelope.ErrorAsync(context, fault.Status, "Injected fault: " + Envelope.DefaultMessage(fault.Status));
    }
}
