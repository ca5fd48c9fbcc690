namespace LocalPlatform;

public sealed class BearerAuthMiddleware(RequestDelegate next, JwtTokens tokens)
{
    private const string Scheme = "Bearer ";

    public async Task InvokeAsync(HttpContext context)
    {
        if (ContractRoutes.Classify(context.Request.Path) == ContractRoute.Other)
        {
            await next(context);
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            await Envelope.ErrorAsync(context, StatusCodes.Status401Unauthorized, "Missing bearer token");
            return;
        }
        var check = tokens.Check(header[Scheme.Length..].Trim(), out var user);
        if (check != TokenCheck.Valid)
        {
            var message = check switch
            {
                TokenCheck.Expired => "Token expired",
                TokenCheck.BadSignature => "Invalid token signature",
                _ => "Malformed token",
            };
            await Envelope.ErrorAsync(context, StatusCodes.Status401Unauthorized, message);
            return;
        }
        if (!user!.IsAdmin)
        {
            await Envelope.ErrorAsync(context, StatusCodes.Status403Forbidden, "Admin role required");
            return;
        }
        context.Items[typeof(PlatformUser)] = user;
        await next(context);
    }
}
