namespace HlsEncoder.Transcription;

/// <summary>
/// The regions of a chunk that Whisper hears, laid end to end (whisper.cpp's own VAD does the same): one
/// call for all of them, so skipping a silence saves its share of Whisper's 30-second windows instead of
/// costing a window per region. Maps times Whisper gives back on that joined audio onto the media's timeline.
/// </summary>
internal sealed class SpeechTimeline
{
    private readonly SampleRange[] _regions;
    private readonly int[] _joinedStarts;

    public SpeechTimeline(IReadOnlyList<SampleRange> regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        _regions = [.. regions];
        _joinedStarts = new int[_regions.Length];
        for (var r = 0; r < _regions.Length; r++)
        {
            _joinedStarts[r] = Length;
            Length += _regions[r].Length;
        }
    }

    public IReadOnlyList<SampleRange> Regions => _regions;

    /// <summary>Samples Whisper hears.</summary>
    public int Length { get; }

    /// <summary>Copies the regions of <paramref name="chunk"/> end to end into <paramref name="joined"/>.</summary>
    public void Join(ReadOnlySpan<float> chunk, Span<float> joined)
    {
        for (var r = 0; r < _regions.Length; r++)
        {
            chunk.Slice(_regions[r].Start, _regions[r].Length).CopyTo(joined[_joinedStarts[r]..]);
        }
    }

    /// <summary>
    /// The word on the media's timeline. A word belongs to the region it ends in (where Whisper's token
    /// timing is surest) and is kept within it; <paramref name="firstSpan"/> numbers this chunk's regions
    /// after those of the chunks before.
    /// </summary>
    public TimedWord Place(TimedWord word, long chunkStartSample, int firstSpan)
    {
        if (_regions.Length == 0)
        {
            throw new InvalidOperationException("A timeline without regions has no words.");
        }

        var end = Math.Clamp(Samples(word.End), 0, Length);
        var start = Math.Clamp(Samples(word.Start), 0, end);
        var r = Array.BinarySearch(_joinedStarts, Math.Max(0, end - 1));
        r = r >= 0 ? r : ~r - 1;
        var regionStart = _joinedStarts[r];
        start = Math.Max(start, regionStart);
        var offset = chunkStartSample + _regions[r].Start - regionStart;
        return word with { Start = Time(start + offset), End = Time(end + offset), Span = firstSpan + r };
    }

    private static int Samples(TimeSpan time) => (int)Math.Clamp(Math.Round(time.TotalSeconds * AudioDecoder.SampleRate), 0, int.MaxValue);

    private static TimeSpan Time(long samples) => TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / AudioDecoder.SampleRate);
}
