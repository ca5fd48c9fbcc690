using System.Diagnostics;
using HlsEncoder.TestAssets;
using Whisper.net;

namespace HlsEncoder.Tests.TestAssets;

public sealed class TinyWhisperModelTests : IDisposable
{
    private static readonly TimeSpan AudioDuration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WhisperWindow = TimeSpan.FromSeconds(30);

    private const string Lecture =
        "Welcome to the first lecture of this course. Today we look at how video is cut into short segments. " +
        "Each segment is encoded at several bit rates. The player picks the best one for the network.";

    private readonly DirectoryInfo workspace = Directory.CreateTempSubdirectory("tiny-whisper-");

    [Fact]
    public void Write_SameSeed_WritesTheSameBytes_OtherSeed_Differs_AndLeavesNoTemporaryFiles()
    {
        string first = InWorkspace("first.bin"), again = InWorkspace("again.bin"), other = InWorkspace("other.bin");

        TinyWhisperModel.Write(first, seed: 5);
        TinyWhisperModel.Write(again, seed: 5);
        TinyWhisperModel.Write(other, seed: 6);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(again));
        Assert.NotEqual(File.ReadAllBytes(first), File.ReadAllBytes(other));
        Assert.Equal(["again.bin", "first.bin", "other.bin"], workspace.GetFiles().Select(f => f.Name).Order());
    }

    [Fact]
    public void Write_StartsWithTheGgmlMagicAndTheTinyHyperparameters()
    {
        string model = InWorkspace("tiny.bin");

        TinyWhisperModel.Write(model);

        using var reader = new BinaryReader(File.OpenRead(model));
        Assert.Equal(0x67676d6cu, reader.ReadUInt32());
        int[] header = Enumerable.Range(0, 11).Select(_ => reader.ReadInt32()).ToArray();
        Assert.Equal([51865, 1500, 64, 1, 1, 448, 64, 1, 1, 80, 1], header);
    }

    [Fact]
    public async Task RealWhisper_TranscribesSpeech_IntoOrderedSegmentsStartingWithinTheAudio()
    {
        string model = InWorkspace("tiny.bin"), speech = InWorkspace("speech.wav");
        TinyWhisperModel.Write(model);
        SpeechAudio.WriteWav(speech, Lecture, AudioDuration);

        var stopwatch = Stopwatch.StartNew();
        var segments = await TranscribeAsync(model, speech);
        stopwatch.Stop();

        Assert.NotEmpty(segments);
        var previousEnd = TimeSpan.Zero;
        foreach (var segment in segments)
        {
            Assert.InRange(segment.Start, previousEnd, AudioDuration);
            // whisper.cpp does not clamp a closing timestamp to the audio: a random model (and, rarely, a
            // real one) may end a segment anywhere in its 30 s window, so callers must clamp ends themselves.
            Assert.InRange(segment.End, segment.Start, WhisperWindow);
            previousEnd = segment.End;
        }

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
    }

    private static async Task<List<SegmentData>> TranscribeAsync(string model, string wav)
    {
        using var factory = WhisperFactory.FromPath(model);
        // The random model never satisfies the confidence checks: temperature fallback would only re-decode every window.
        await using var processor = factory.CreateBuilder().WithLanguage("en").WithTemperatureInc(0f).Build();
        await using var audio = File.OpenRead(wav);

        var segments = new List<SegmentData>();
        await foreach (var segment in processor.ProcessAsync(audio))
        {
            segments.Add(segment);
        }

        return segments;
    }

    private string InWorkspace(string fileName) => Path.Combine(workspace.FullName, fileName);

    public void Dispose() => workspace.Delete(recursive: true);
}
