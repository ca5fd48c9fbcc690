using HlsEncoder.ExternalTools;

namespace HlsEncoder.Transcription;

/// <summary>
/// One ffmpeg process that decodes a file's first audio stream to what Whisper reads, 16 kHz mono
/// 32-bit float PCM, and writes it to its standard output as it goes. The reader sets the pace: ffmpeg
/// blocks on the pipe, so memory stays flat whatever the length. Disposing stops ffmpeg if it still
/// runs and waits for it to exit.
/// </summary>
internal sealed class AudioDecoder : IAsyncDisposable
{
    public const int SampleRate = 16_000;

    private readonly ChildProcess _ffmpeg;
    private readonly string _sourcePath;

    private AudioDecoder(ChildProcess ffmpeg, string sourcePath)
    {
        _ffmpeg = ffmpeg;
        _sourcePath = sourcePath;
    }

    /// <summary>The PCM: little-endian float samples, time 0 at the file's start time.</summary>
    public Stream Output => _ffmpeg.StandardOutput;

    /// <summary>The decoding ffmpeg, as a later run would recognise it.</summary>
    public ProcessIdentity Identity => _ffmpeg.Identity;

    public static IReadOnlyList<string> Arguments(string sourcePath) =>
    [
        "-nostdin", "-hide_banner", "-loglevel", "error",
        // "file:" keeps a name that looks like a protocol ("concat:", "http:") a plain file.
        "-i", "file:" + sourcePath,
        "-map", "0:a:0", "-vn", "-sn", "-dn",
        // Pads (or trims) the start so that sample 0 is the file's time 0, as for the video, even when
        // the audio starts a little later; gaps are filled too, so times stay on the media's clock.
        "-af", "aresample=async=1:first_pts=0",
        "-ac", "1", "-ar", "16000", "-c:a", "pcm_f32le", "-f", "f32le", "pipe:1",
    ];

    public static AudioDecoder Start(FfmpegTools tools, string sourcePath, IOperationLog log) =>
        new(ChildProcess.Start(tools.FfmpegPath, Arguments(sourcePath), workingDirectory: null, log), sourcePath);

    /// <summary>Waits for ffmpeg to finish once its output was read to the end, and fails if it did not succeed.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        var exitCode = await _ffmpeg.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new HlsEncoderException("AudioDecodeFailed", FailureKind.OperationFailed,
                $"ffmpeg failed (exit code {exitCode}) decoding the audio of {_sourcePath}: {(_ffmpeg.ErrorTail.Length > 0 ? _ffmpeg.ErrorTail : "it printed no error")}.", _sourcePath);
        }
    }

    public ValueTask DisposeAsync() => _ffmpeg.DisposeAsync();
}
