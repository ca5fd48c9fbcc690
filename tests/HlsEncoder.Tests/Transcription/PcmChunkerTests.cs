using System.Runtime.InteropServices;
using HlsEncoder.Transcription;

namespace HlsEncoder.Tests.Transcription;

public sealed class PcmChunkerTests
{
    private const int Rate = 16_000;

    [Fact]
    public async Task Every_sample_is_in_exactly_one_chunk_in_order_and_no_chunk_is_too_long()
    {
        var samples = Enumerable.Range(0, 23 * Rate).Select(i => MathF.Sin(i * 0.05f) * 0.3f).ToArray();
        var chunker = new PcmChunker(new MemoryStream(Bytes(samples)), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));

        var chunks = await All(chunker);

        Assert.True(chunks.Count >= 5, $"{chunks.Count} chunks");
        Assert.All(chunks, c => Assert.InRange(c.Samples.Length, 1, 5 * Rate));
        Assert.Equal(samples, chunks.SelectMany(c => c.Samples.ToArray()));
        Assert.Equal(chunks.Select(c => c.Start).ToArray(), chunks.Select(c => TimeSpan.FromSeconds(c.StartSample / (double)Rate)).ToArray());
        Assert.Equal(0L, chunks[0].StartSample);
        Assert.All(chunks.Zip(chunks.Skip(1)), p => Assert.Equal(p.First.StartSample + p.First.Samples.Length, p.Second.StartSample));
        Assert.Equal(samples.Length, chunker.SamplesRead);
    }

    [Fact]
    public async Task A_full_chunk_is_cut_in_the_pause_between_words()
    {
        var samples = Tone(4.5).Concat(new float[(int)(0.3 * Rate)]).Concat(Tone(4)).ToArray();

        var chunks = await All(new PcmChunker(new MemoryStream(Bytes(samples)), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)));

        Assert.InRange(chunks[0].Duration.TotalSeconds, 4.5, 4.8);
        Assert.Equal(samples.Length, chunks.Sum(c => c.Samples.Length));
    }

    [Fact]
    public async Task Samples_split_across_reads_are_put_back_together()
    {
        var samples = Enumerable.Range(0, 3 * Rate).Select(i => i / (float)(3 * Rate)).ToArray();

        var chunks = await All(new PcmChunker(new TrickleStream(Bytes(samples), 7), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));

        Assert.Equal(samples, chunks.SelectMany(c => c.Samples.ToArray()));
    }

    [Fact]
    public void Digital_silence_and_quiet_room_tone_are_told_apart()
    {
        Assert.True(PcmLevels.IsSilent(new float[Rate]));
        Assert.True(PcmLevels.IsSilent(Enumerable.Repeat(0.0002f, Rate).ToArray()));
        Assert.False(PcmLevels.IsSilent(Enumerable.Range(0, Rate).Select(i => i % 2 == 0 ? 0.003f : -0.003f).ToArray()));
    }

    [Fact]
    public void Language_detection_listens_to_the_loudest_window()
    {
        var samples = new float[40 * Rate].Concat(Tone(20)).Concat(new float[40 * Rate]).ToArray();

        var start = PcmLevels.LoudestWindow(samples, 30 * Rate);

        Assert.InRange(start / (double)Rate, 30, 40);
    }

    private static async Task<List<(ReadOnlyMemory<float> Samples, long StartSample, TimeSpan Start, TimeSpan Duration)>> All(PcmChunker chunker)
    {
        var chunks = new List<(ReadOnlyMemory<float>, long, TimeSpan, TimeSpan)>();
        while (await chunker.NextAsync(CancellationToken.None) is { } chunk)
        {
            // The chunker reuses its buffer: keep a copy.
            chunks.Add((chunk.Samples.ToArray(), chunk.StartSample, chunk.Start, chunk.Duration));
        }

        return chunks;
    }

    private static float[] Tone(double seconds) =>
        Enumerable.Range(0, (int)(seconds * Rate)).Select(i => MathF.Sin(i * 2 * MathF.PI * 220 / Rate) * 0.5f).ToArray();

    private static byte[] Bytes(float[] samples) => MemoryMarshal.AsBytes(samples.AsSpan()).ToArray();

    /// <summary>Returns at most a few bytes per read, as a pipe may.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
