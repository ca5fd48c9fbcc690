using System.Runtime.InteropServices;

namespace HlsEncoder.Transcription;

/// <summary>One piece of the audio handed to Whisper at a time, and where it starts on the media's timeline.</summary>
internal readonly record struct PcmChunk(ReadOnlyMemory<float> Samples, long StartSample)
{
    public TimeSpan Start => Samples16k(StartSample);

    public TimeSpan Duration => Samples16k(Samples.Length);

    private static TimeSpan Samples16k(long samples) => TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / AudioDecoder.SampleRate);
}

/// <summary>
/// Cuts a stream of 16 kHz float PCM into chunks of at most a few minutes, so memory does not grow with
/// the recording's length: whisper.cpp holds a whole call's samples and mel spectrogram. A full chunk is
/// cut at the quietest frame of its last seconds (between words) and the rest carries over into the next.
/// A chunk's samples are only valid until the next call: the buffer is reused.
/// </summary>
internal sealed class PcmChunker
{
    private readonly Stream _pcm;
    private readonly float[] _buffer;
    private readonly int _searchSamples;
    private readonly byte[] _readBuffer = new byte[1 << 16];
    private int _pendingBytes;
    private int _filled;
    private int _consumed;
    private long _nextStart;
    private bool _ended;

    public PcmChunker(Stream pcm, TimeSpan chunkDuration, TimeSpan cutSearch)
    {
        ArgumentNullException.ThrowIfNull(pcm);
        _pcm = pcm;
        var chunkSamples = (int)Math.Clamp(chunkDuration.TotalSeconds * AudioDecoder.SampleRate, AudioDecoder.SampleRate, int.MaxValue / 4);
        _buffer = new float[chunkSamples];
        _searchSamples = (int)Math.Clamp(cutSearch.TotalSeconds * AudioDecoder.SampleRate, 0, chunkSamples / 2);
    }

    /// <summary>All samples read so far, on the media's clock.</summary>
    public long SamplesRead { get; private set; }

    public async ValueTask<PcmChunk?> NextAsync(CancellationToken cancellationToken)
    {
        if (_consumed > 0)
        {
            _buffer.AsSpan(_consumed, _filled - _consumed).CopyTo(_buffer);
            _filled -= _consumed;
            _consumed = 0;
        }

        while (_filled < _buffer.Length && !_ended)
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_filled == 0)
        {
            return null;
        }

        var length = _ended ? _filled : PcmLevels.QuietestPoint(_buffer.AsSpan(0, _filled), _filled - _searchSamples, _filled);
        var chunk = new PcmChunk(_buffer.AsMemory(0, length), _nextStart);
        _consumed = length;
        _nextStart += length;
        return chunk;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        var room = Math.Min(_readBuffer.Length - _pendingBytes, (_buffer.Length - _filled) * sizeof(float));
        var read = await _pcm.ReadAsync(_readBuffer.AsMemory(_pendingBytes, room), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            // A trailing partial sample (never written by ffmpeg) is dropped.
            _ended = true;
            return;
        }

        var available = _pendingBytes + read;
        var whole = available / sizeof(float);
        MemoryMarshal.Cast<byte, float>(_readBuffer.AsSpan(0, whole * sizeof(float))).CopyTo(_buffer.AsSpan(_filled));
        _filled += whole;
        SamplesRead += whole;
        _pendingBytes = available - (whole * sizeof(float));
        _readBuffer.AsSpan(whole * sizeof(float), _pendingBytes).CopyTo(_readBuffer);
    }
}
