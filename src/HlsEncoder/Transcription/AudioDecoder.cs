using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using HlsEncoder.ExternalTools;

namespace HlsEncoder.Transcription;

/// <summary>
/// One ffmpeg process that decodes a file's first audio stream to what Whisper reads, 16 kHz mono
/// 32-bit float PCM, and writes it to its standard output as it goes. The reader sets the pace: ffmpeg
/// blocks on the pipe, so memory stays flat whatever the length. FFMpegCore's pipe sinks add a named
/// pipe and a callback for the same bytes, so the process is started here, as FfprobeRunner does.
/// Disposing stops ffmpeg if it still runs and waits for it to exit.
/// </summary>
internal sealed class AudioDecoder : IAsyncDisposable
{
    public const int SampleRate = 16_000;
    private const int ErrorLinesKept = 12;

    private readonly Process _process;
    private readonly Task _errorPump;
    private readonly Queue<string> _errorTail = new();
    private readonly string _sourcePath;

    private AudioDecoder(Process process, string sourcePath, IOperationLog log)
    {
        _process = process;
        _sourcePath = sourcePath;
        _errorPump = PumpErrorsAsync(log);
    }

    /// <summary>The PCM: little-endian float samples, time 0 at the file's start time.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

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

    public static AudioDecoder Start(FfmpegTools tools, string sourcePath, IOperationLog log)
    {
        var start = new ProcessStartInfo(tools.FfmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in Arguments(sourcePath))
        {
            start.ArgumentList.Add(argument);
        }

        log.Debug($"Decoding audio: {tools.FfmpegPath} {CommandLine.Join(start.ArgumentList)}");
        try
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException($"{tools.FfmpegPath} did not start.");
            return new AudioDecoder(process, sourcePath, log);
        }
        catch (Win32Exception e)
        {
            throw new HlsEncoderException("FfmpegNotFound", FailureKind.NotFound, $"{tools.FfmpegPath} could not be started: {e.Message}", tools.FfmpegPath, e);
        }
    }

    /// <summary>Waits for ffmpeg to finish once its output was read to the end, and fails if it did not succeed.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await _errorPump.ConfigureAwait(false);
        if (_process.ExitCode != 0)
        {
            string detail;
            lock (_errorTail)
            {
                detail = _errorTail.Count > 0 ? string.Join(" | ", _errorTail) : "it printed no error";
            }

            throw new HlsEncoderException("AudioDecodeFailed", FailureKind.OperationFailed,
                $"ffmpeg failed (exit code {_process.ExitCode}) decoding the audio of {_sourcePath}: {detail}.", _sourcePath);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        await _errorPump.ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task PumpErrorsAsync(IOperationLog log)
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            log.Debug($"ffmpeg: {line}");
            lock (_errorTail)
            {
                _errorTail.Enqueue(line.Trim());
                if (_errorTail.Count > ErrorLinesKept)
                {
                    _errorTail.Dequeue();
                }
            }
        }
    }
}
