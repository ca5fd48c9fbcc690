using System.Globalization;
using System.Runtime.InteropServices;
using HlsEncoder.TestAssets;
using HlsEncoder.Transcription;
using Whisper.net;

namespace HlsEncoder.Tests.Transcription;

/// <summary>
/// Real espeak-ng speech, six seconds of silence, more speech: made once for the class, with the tiny
/// random-weight model, and ffmpeg's own silencedetect run over it as the reference for where the silence lies.
/// </summary>
public sealed class SpeechGapAssets : IDisposable
{
    public SpeechGapAssets()
    {
        Folder = Directory.CreateTempSubdirectory("hlsenc-speech-gap-").FullName;
        Model = Path.Combine(Folder, "ggml-tiny-test.bin");
        TinyWhisperModel.Write(Model, seed: 1);
        var first = Path.Combine(Folder, "first.wav");
        var second = Path.Combine(Folder, "second.wav");
        ExternalTool.Run("espeak-ng", "-w", first, "Welcome to the lecture. Today we look at segments and bit rates.");
        ExternalTool.Run("espeak-ng", "-w", second, "After the pause, the player picks the best rendition it can fetch.");
        Wav = Path.Combine(Folder, "gap.wav");
        ExternalTool.Run("ffmpeg", [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", first,
            "-f", "lavfi", "-t", Gap.TotalSeconds.ToString(CultureInfo.InvariantCulture), "-i", "anullsrc=r=22050:cl=mono",
            "-i", second, "-filter_complex", "[0:a][1:a][2:a]concat=n=3:v=0:a=1[a]", "-map", "[a]",
            "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le", Wav]);

        // The PCM exactly as the transcriber gets it from AudioDecoder: 16 kHz mono float.
        var raw = Path.Combine(Folder, "gap.f32");
        ExternalTool.Run("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", Wav, "-ac", "1", "-ar", "16000", "-c:a", "pcm_f32le", "-f", "f32le", raw);
        Pcm = File.ReadAllBytes(raw);
        Samples = MemoryMarshal.Cast<byte, float>(Pcm).ToArray();

        // ffmpeg's silencedetect at the same level and minimum as SpeechRegions: the silences it reports.
        var found = Path.Combine(Folder, "silences.txt");
        ExternalTool.Run("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-i", Wav,
            "-af", $"silencedetect=n=-50dB:d={SpeechRegions.MinSilence.TotalSeconds.ToString(CultureInfo.InvariantCulture)},ametadata=mode=print:file={found}", "-f", "null", "-");
        var starts = Values(found, "lavfi.silence_start");
        var ends = Values(found, "lavfi.silence_end");
        Silences = starts.Zip(ends, (s, e) => (TimeSpan.FromSeconds(s), TimeSpan.FromSeconds(e))).ToArray();
    }

    public static TimeSpan Gap { get; } = TimeSpan.FromSeconds(6);

    public string Folder { get; }

    public string Model { get; }

    public string Wav { get; }

    public byte[] Pcm { get; }

    public float[] Samples { get; }

    public TimeSpan Duration => TimeSpan.FromSeconds(Samples.Length / 16000.0);

    /// <summary>The silences ffmpeg's silencedetect found, start to end.</summary>
    public (TimeSpan Start, TimeSpan End)[] Silences { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static double[] Values(string file, string key) => File.ReadLines(file)
        .Where(l => l.StartsWith(key + "=", StringComparison.Ordinal))
        .Select(l => double.Parse(l[(key.Length + 1)..], CultureInfo.InvariantCulture))
        .ToArray();
}

/// <summary>
/// Silence is found in the decoded PCM and never handed to Whisper: the regions agree with ffmpeg's
/// silencedetect on real speech, and the recognizer is given that much less audio, with every word it
/// returns placed on the media's timeline outside the silence.
/// </summary>
public sealed class SilenceSkippingTests : IClassFixture<SpeechGapAssets>
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(1000.0 * PcmLevels.FrameSamples / AudioDecoder.SampleRate);

    private readonly SpeechGapAssets _assets;

    public SilenceSkippingTests(SpeechGapAssets assets) => _assets = assets;

    [Fact]
    public void Ffmpeg_finds_one_silence_of_about_six_seconds_in_the_test_audio()
    {
        var (start, end) = Assert.Single(_assets.Silences);
        Assert.InRange((end - start).TotalSeconds, SpeechGapAssets.Gap.TotalSeconds - 0.1, SpeechGapAssets.Gap.TotalSeconds + 1.5);
    }

    [Fact]
    public void The_speech_regions_are_the_audio_around_ffmpegs_silence_padded_by_four_tenths_of_a_second()
    {
        var (silenceStart, silenceEnd) = Assert.Single(_assets.Silences);

        var regions = SpeechRegions.Find(_assets.Samples);

        Assert.Equal(2, regions.Count);
        Assert.Equal(0, regions[0].Start);
        Assert.Equal(_assets.Samples.Length, regions[1].End);
        AssertNear(silenceStart + SpeechRegions.Padding, Time(regions[0].End));
        AssertNear(silenceEnd - SpeechRegions.Padding, Time(regions[1].Start));
        var skipped = _assets.Samples.Length - regions.Sum(r => r.Length);
        Assert.InRange(Time(skipped).TotalSeconds, SpeechGapAssets.Gap.TotalSeconds - 0.8 - 0.2, SpeechGapAssets.Gap.TotalSeconds);
    }

    [Fact]
    public void Pauses_shorter_than_two_seconds_are_not_cut_out()
    {
        var oneSecond = AudioDecoder.SampleRate;
        var tone = Enumerable.Range(0, 2 * oneSecond).Select(i => MathF.Sin(i * 0.07f) * 0.2f).ToArray();
        float[] samples = [.. tone, .. new float[(int)(1.9 * oneSecond)], .. tone];

        var region = Assert.Single(SpeechRegions.Find(samples));

        Assert.Equal(new SampleRange(0, samples.Length), region);
    }

    [Fact]
    public async Task Whisper_is_given_only_the_speech_and_every_word_lies_outside_the_silence()
    {
        var (silenceStart, silenceEnd) = Assert.Single(_assets.Silences);

        var skipping = await RecognizeAsync(skipSilence: true);
        var everything = await RecognizeAsync(skipSilence: false);

        AssertSame(_assets.Duration, everything.AudioDuration);
        AssertSame(everything.AudioDuration, everything.Heard);
        Assert.Equal(TimeSpan.Zero, everything.SkippedSilence);
        AssertSame(_assets.Duration, skipping.AudioDuration);
        var notHeard = skipping.AudioDuration - skipping.Heard;
        AssertSame(skipping.SkippedSilence, notHeard);
        AssertNear(silenceEnd - silenceStart - (2 * SpeechRegions.Padding), notHeard);
        Assert.NotEmpty(skipping.Words);
        var silent = (From: silenceStart + SpeechRegions.Padding + Frame, To: silenceEnd - SpeechRegions.Padding - Frame);
        Assert.All(skipping.Words, w => Assert.False(
            w.End > silent.From && w.Start < silent.To,
            $"'{w.Text}' {w.Start}-{w.End} lies in the skipped silence {silent.From}-{silent.To}."));
    }

    private async Task<RecognitionResult> RecognizeAsync(bool skipSilence)
    {
        using var factory = WhisperFactory.FromPath(_assets.Model);
        var options = new RecognitionOptions
        {
            Language = "en",
            FallbackLanguage = "en",
            SkipSilence = skipSilence,
            TemperatureIncrement = 0f,
        };
        return await new SpeechRecognizer(factory, NullOperationLog.Instance).RecognizeAsync(new MemoryStream(_assets.Pcm), options, _ => { }, CancellationToken.None);
    }

    private static void AssertSame(TimeSpan expected, TimeSpan actual) =>
        Assert.True((expected - actual).Duration() <= TimeSpan.FromMilliseconds(1), $"Expected {expected}, got {actual}.");

    /// <summary>Within one level frame (50 ms) and a sample or two of rounding.</summary>
    private static void AssertNear(TimeSpan expected, TimeSpan actual) =>
        Assert.True((expected - actual).Duration() <= Frame + TimeSpan.FromMilliseconds(2), $"Expected {expected}, got {actual}.");

    private static TimeSpan Time(int samples) => TimeSpan.FromSeconds(samples / (double)AudioDecoder.SampleRate);
}
