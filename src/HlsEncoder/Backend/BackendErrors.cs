using System.Net;
using HlsEncoder.Resilience;

namespace HlsEncoder.Backend;

/// <summary>Turns what the backend answered into an error a person can act on.</summary>
internal static class BackendErrors
{
    public static BackendException FromStatus(string operation, HttpStatusCode status, string? backendMessage, string shownUrl, string endpointSetting, int attempts, Uri? redirect)
    {
        var code = (int)status;
        var said = string.IsNullOrWhiteSpace(backendMessage) ? string.Empty : $" The backend said: \"{Shorten(Redaction.Text(backendMessage))}\".";
        return status switch
        {
            HttpStatusCode.Unauthorized => new BackendException(
                "BackendUnauthorized", FailureKind.AuthenticationFailed,
                $"The backend rejected AUTH_TOKEN (401) during {operation}: the token is invalid or expired. Get a new token from the admin panel and set AUTH_TOKEN (or pass -Token/-Credential).{said}",
                code, attempts, shownUrl),
            HttpStatusCode.Forbidden => new BackendException(
                "BackendForbidden", FailureKind.PermissionDenied,
                $"The backend accepted AUTH_TOKEN but refused {operation} (403): the account is not an admin or lacks this right. Use an admin's token.{said}",
                code, attempts, shownUrl),
            HttpStatusCode.NotFound => new BackendException(
                "BackendRouteNotFound", FailureKind.NotFound,
                $"The backend has no route {shownUrl} (404) for {operation}. Check BACKEND_URL and {endpointSetting}.{said}",
                code, attempts, shownUrl),
            _ when code is >= 300 and < 400 => new BackendException(
                "BackendRedirected", FailureKind.InvalidResponse,
                $"The backend answered {operation} with a redirect ({code}) to {(redirect is null ? "another address" : Redaction.Url(redirect))}; HlsEncoder does not follow redirects with the token. Set BACKEND_URL to the final address.",
                code, attempts, shownUrl),
            _ when TransientFailure.IsTransient(status) => new BackendException(
                "BackendUnavailable", FailureKind.ServerError,
                $"The backend failed {operation} with HTTP {code} after {Attempts(attempts)}. It may be overloaded or down; run the command again later (finished work is kept).{said}",
                code, attempts, shownUrl),
            _ => new BackendException(
                "BackendRejectedRequest", FailureKind.InvalidArgument,
                $"The backend rejected {operation} with HTTP {code}.{(said.Length == 0 ? " Check the values sent." : said)}",
                code, attempts, shownUrl),
        };
    }

    public static BackendException FromException(string operation, Exception exception, string shownUrl, int attempts)
    {
        var reason = TransientFailure.Describe(exception);
        return exception is Polly.Timeout.TimeoutRejectedException || exception.InnerException is TimeoutException
            ? new BackendException(
                "BackendTimeout", FailureKind.Timeout,
                $"The backend at {shownUrl} did not answer {operation} in time after {Attempts(attempts)} ({reason}). Check the backend's health, or raise REQUEST_TIMEOUT_SECONDS.",
                null, attempts, shownUrl, exception)
            : new BackendException(
                "BackendUnreachable", FailureKind.ConnectionFailed,
                $"Could not reach the backend at {shownUrl} for {operation} after {Attempts(attempts)} ({reason}). Check BACKEND_URL and the network.",
                null, attempts, shownUrl, exception);
    }

    public static BackendException InvalidResponse(string operation, string problem, string shownUrl, int? status, int attempts, Exception? inner = null) =>
        new("BackendInvalidResponse", FailureKind.InvalidResponse,
            $"The backend's answer to {operation} was not what the contract describes: {problem}. Check that BACKEND_URL points at the course platform's API.",
            status, attempts, shownUrl, inner);

    private static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..297] + "...";
}
