using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace HlsEncoder.Tests.Infrastructure;

/// <summary>
/// A fake clock that reports every timer the code under test asks for, so a test can wait until the
/// retry pipeline is really waiting, check how long it wants to wait, and then let that time pass.
/// </summary>
public sealed class ObservedTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public ObservedTimeProvider()
        : base(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Announced only once armed: a test that advances the clock on hearing of it must find it there.
        var timer = new ObservedTimer(base.CreateTimer(callback, state, dueTime, period), _timers.Writer);
        _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits for the next timer whose due time is not <paramref name="ignored"/> (e.g. a per-attempt timeout).</summary>
    public async Task<TimeSpan> NextTimerAsync(TimeSpan? ignored = null, TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var due = await _timers.Reader.ReadAsync(timeout.Token);
            if (due != ignored && due != Timeout.InfiniteTimeSpan)
            {
                return due;
            }
        }
    }

    /// <summary>Waits for the next timer, lets its time pass, and returns how long it was.</summary>
    public async Task<TimeSpan> ElapseNextTimerAsync(TimeSpan? ignored = null)
    {
        var due = await NextTimerAsync(ignored);
        Advance(due);
        return due;
    }

    // A CancellationTokenSource made with a TimeProvider creates its timer idle and arms it later
    // through Change (CancelAfter), so changes count as timers too.
    private sealed class ObservedTimer(ITimer inner, ChannelWriter<TimeSpan> timers) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            timers.TryWrite(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
