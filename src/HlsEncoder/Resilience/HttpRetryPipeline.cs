using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace HlsEncoder.Resilience;

/// <summary>
/// The one retry pipeline that the backend client and the uploader share: a timeout per attempt inside
/// a retry that follows <see cref="RetrySchedule"/>. Callers say which responses are transient, and
/// which deserve another attempt without waiting (an expired presigned URL is fixed by presigning again).
/// </summary>
public static class HttpRetryPipeline
{
    public static ResiliencePipeline<HttpResponseMessage> Create(
        string operation,
        RetrySchedule schedule,
        TimeSpan attemptTimeout,
        TimeProvider timeProvider,
        Action<RetryNotice>? onRetry = null,
        Func<HttpResponseMessage, bool>? isTransientResponse = null,
        Func<HttpResponseMessage, bool>? retryAtOnce = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        isTransientResponse ??= r => TransientFailure.IsTransient(r.StatusCode);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (schedule.Delays.Count > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = schedule.Delays.Count,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: { } e } => TransientFailure.IsTransient(e, args.Context.CancellationToken),
                    { Result: { } r } => isTransientResponse(r),
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Result is { } now && retryAtOnce?.Invoke(now) == true
                        ? TimeSpan.Zero
                        : schedule.DelayFor(args.AttemptNumber, args.Outcome.Result is { } r ? TransientFailure.RetryAfter(r, timeProvider) : null)),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception is { } e ? TransientFailure.Describe(e) : TransientFailure.Describe(args.Outcome.Result!);
                    onRetry?.Invoke(new RetryNotice(operation, args.AttemptNumber + 1, schedule.MaxAttempts, args.RetryDelay, reason, (int?)args.Outcome.Result?.StatusCode));
                    return default;
                },
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = attemptTimeout });
        return builder.Build();
    }
}
