using System.Collections.Concurrent;

namespace HlsEncoder.Upload;

/// <summary>Adds up what the concurrent uploads report into one picture of the whole upload.</summary>
internal sealed class UploadProgressTracker(int filesTotal, long bytesTotal, TimeProvider time, IProgress<UploadProgress>? progress)
{
    private readonly long _started = time.GetTimestamp();
    private readonly ConcurrentDictionary<string, long> _sentPerFile = new(StringComparer.Ordinal);
    private long _bytesDone;
    private int _filesDone;
    private int _filesStarted;
    private string? _current;

    public long BytesDone => Interlocked.Read(ref _bytesDone);

    public void Started(UploadItem item)
    {
        _current = item.RelativePath;
        Interlocked.Increment(ref _filesStarted);
        Report();
    }

    /// <summary>The bytes sent so far by the current attempt at <paramref name="item"/>; a retry starts again from zero.</summary>
    public void Sent(UploadItem item, long sentThisAttempt)
    {
        // One worker uploads a given file, so reading then writing its count is not a race.
        var previous = _sentPerFile.GetValueOrDefault(item.RelativePath);
        _sentPerFile[item.RelativePath] = sentThisAttempt;
        Interlocked.Add(ref _bytesDone, sentThisAttempt - previous);
        Report();
    }

    public void Finished(UploadItem item, bool uploaded)
    {
        if (!uploaded && _sentPerFile.TryRemove(item.RelativePath, out var sent))
        {
            Interlocked.Add(ref _bytesDone, -sent);
        }

        Interlocked.Increment(ref _filesDone);
        Report();
    }

    private void Report()
    {
        if (progress is null)
        {
            return;
        }

        var elapsed = time.GetElapsedTime(_started).TotalSeconds;
        var done = BytesDone;
        var rate = elapsed > 0 ? done / elapsed : 0;
        TimeSpan? remaining = rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, bytesTotal - done) / rate) : null;
        progress.Report(new UploadProgress(Volatile.Read(ref _filesDone), filesTotal, done, bytesTotal, rate, remaining, Volatile.Read(ref _filesStarted), _current));
    }
}
