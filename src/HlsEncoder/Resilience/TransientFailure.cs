using System.Net;
using System.Net.Sockets;
using Polly.Timeout;

namespace HlsEncoder.Resilience;

/// <summary>What is worth another attempt: network errors, timeouts, 408, 429 and 5xx. Never 401/403 or other 4xx.</summary>
public static class TransientFailure
{
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    public static bool IsTransient(Exception exception, CancellationToken callerToken) => exception switch
    {
        TimeoutRejectedException => true,
        HttpRequestException => true,
        IOException or SocketException => true,
        // HttpClient's own timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => !callerToken.IsCancellationRequested && exception.InnerException is TimeoutException,
        _ => false,
    };

    public static string Describe(Exception exception) => exception switch
    {
        TimeoutRejectedException t => $"timed out after {t.Timeout.TotalSeconds:0.#} s",
        HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } h => $"{h.HttpRequestError}: {Redaction.Text(h.Message)}",
        _ => Redaction.Text(exception.Message),
    };

    public static string Describe(HttpResponseMessage response) =>
        $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();

    /// <summary>The server's Retry-After as a wait from now, when it sent one.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? Max(date - time.GetUtcNow(), TimeSpan.Zero) : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
