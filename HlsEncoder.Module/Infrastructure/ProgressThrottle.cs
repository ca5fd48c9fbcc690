using System.Diagnostics;
using System.Management.Automation;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>Lets through a few progress updates a second per activity; completion records always pass.</summary>
internal sealed class ProgressThrottle(TimeSpan interval)
{
    private readonly Dictionary<int, long> _lastWritten = [];
    private readonly object _gate = new();

    /// <param name="milestone">A record that must be seen (a new phase starting): written whatever the rate.</param>
    public bool ShouldWrite(ProgressRecord record, bool milestone = false)
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            if (milestone)
            {
                _lastWritten[record.ActivityId] = now;
                return true;
            }

            if (record.RecordType == ProgressRecordType.Completed)
            {
                _lastWritten.Remove(record.ActivityId);
                return true;
            }

            if (_lastWritten.TryGetValue(record.ActivityId, out var last) && Stopwatch.GetElapsedTime(last, now) < interval && record.PercentComplete < 100)
            {
                return false;
            }

            _lastWritten[record.ActivityId] = now;
            return true;
        }
    }
}
