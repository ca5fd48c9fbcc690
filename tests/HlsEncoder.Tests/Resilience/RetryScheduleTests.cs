using System.Net;
using HlsEncoder.Resilience;
using Microsoft.Extensions.Time.Testing;

namespace HlsEncoder.Tests.Resilience;

public sealed class RetryScheduleTests
{
    [Fact]
    public void The_default_waits_1_3_and_10_seconds_over_four_attempts()
    {
        var schedule = RetrySchedule.Default;

        Assert.Equal(4, schedule.MaxAttempts);
        Assert.Equal(
            [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10)],
            Enumerable.Range(0, 3).Select(i => schedule.DelayFor(i, retryAfter: null)));
    }

    [Fact]
    public void Retry_after_replaces_the_planned_wait_up_to_a_ceiling()
    {
        var schedule = RetrySchedule.Default;

        Assert.Equal(TimeSpan.FromSeconds(7), schedule.DelayFor(0, TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.Zero, schedule.DelayFor(2, TimeSpan.Zero));
        Assert.Equal(schedule.MaxRetryAfter, schedule.DelayFor(1, TimeSpan.FromHours(1)));
    }

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout, true)]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    public void Only_timeouts_throttling_and_server_errors_are_transient(HttpStatusCode status, bool transient) =>
        Assert.Equal(transient, TransientFailure.IsTransient(status));

    [Fact]
    public void A_cancellation_the_caller_asked_for_is_never_retried()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.False(TransientFailure.IsTransient(new TaskCanceledException("stop", new TimeoutException()), cancelled.Token));
        Assert.True(TransientFailure.IsTransient(new TaskCanceledException("timeout", new TimeoutException()), CancellationToken.None));
        Assert.False(TransientFailure.IsTransient(new OperationCanceledException(), CancellationToken.None));
        Assert.True(TransientFailure.IsTransient(new HttpRequestException("refused"), CancellationToken.None));
    }

    [Fact]
    public void Retry_after_as_a_date_counts_from_the_injected_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(42));

        Assert.Equal(TimeSpan.FromSeconds(42), TransientFailure.RetryAfter(response, time));
    }
}
