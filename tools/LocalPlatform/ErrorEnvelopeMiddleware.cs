namespace LocalPlatform;

public sealed class ErrorEnvelopeMiddleware(RequestDelegate next, ILogger<ErrorEnvelopeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (BadHttpRequestException exception) when (!context.Response.HasStarted)
        {
            await Envelope.ErrorAsync(context, exception.StatusCode, exception.Message);
            return;
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            // Only the type and message: request headers and query strings carry secrets.
            logger.LogError("{Route} failed: {Type}: {Message}", ContractRoutes.Classify(context.Request.Path),
                exception.GetType().Name, exception.Message);
            await Envelope.ErrorAsync(context, StatusCodes.Status500InternalServerError, Envelope.DefaultMessage(500));
            return;
        }
        var status = context.Response.StatusCode;
        if (!context.Response.HasStarted && status >= 400)
        {
            await Envelope.ErrorAsync(context, status, Envelope.DefaultMessage(status));
        }
    }
}
