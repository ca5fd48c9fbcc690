using System.Net.Http.Headers;
using System.Net;
using HlsEncoder.Configuration;
using HlsEncoder.Resilience;

namespace HlsEncoder.Transcription;

/// <summary>
/// Downloads a ggml model into the model cache: into ggml-{name}.bin.partial, resumed with an HTTP Range
/// request after a dropped connection or in a later run, hashed as it arrives, checked against the
/// expected checksum and the ggml header, and only then moved to ggml-{name}.bin. A verified model
/// already in the cache is not downloaded again. Transient failures (network errors, a stalled
/// transfer, 408, 429, 5xx) are retried on the project's schedule, each retry resuming where the last
/// one stopped; the count starts again whenever bytes arrived.
/// </summary>
public sealed class WhisperModelDownloader : IDisposable
{
    public const string PartialSuffix = ".partial";
    private const int BufferSize = 1 << 16;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly IOperationLog _log;
    private readonly TimeProvider _time;
    private readonly RetrySchedule _retry;
    private readonly TimeSpan _stallTimeout;

    /// <param name="http">A client without a total timeout (a large model takes minutes); stalls are detected per read.</param>
    public WhisperModelDownloader(HttpClient http, IOperationLog? log = null, TimeProvider? timeProvider = null, RetrySchedule? retry = null, TimeSpan? stallTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _log = log ?? NullOperationLog.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _retry = retry ?? RetrySchedule.Default;
        _stallTimeout = stallTimeout ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>
    /// A downloader with a client of its own, made for models: no total timeout (a large model takes
    /// minutes; a stalled transfer is detected per read instead) and released when the downloader is.
    /// </summary>
    public static WhisperModelDownloader ForModels(IOperationLog? log = null) =>
        new(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, log, ownsHttp: true);

    private WhisperModelDownloader(HttpClient http, IOperationLog? log, bool ownsHttp)
        : this(http, log)
    {
        _ownsHttp = ownsHttp;
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    /// <summary>The URL a model is downloaded from.</summary>
    public static Uri ResolveUrl(string name, string? baseUrl)
    {
        var normalized = WhisperModelCatalog.Normalize(name);
        var root = baseUrl ?? WhisperModelCatalog.Find(normalized)?.BaseUrl ?? WhisperModelCatalog.DefaultBaseUrl;
        if (CheckBaseUrl(root) is { } problem)
        {
            throw new HlsEncoderException("InvalidModelBaseUrl", FailureKind.InvalidConfiguration, problem, root);
        }

        return new Uri(root.Trim().TrimEnd('/') + "/" + WhisperModelCatalog.FileName(normalized));
    }

    /// <summary>Returns the problem with a base URL for models, or null: absolute, https (http only for this machine).</summary>
    public static string? CheckBaseUrl(string? value)
    {
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return $"{SettingNames.WhisperModelBaseUrl} '{value}' is not an absolute http(s) URL, such as {WhisperModelCatalog.DefaultBaseUrl}.";
        }

        return url.Scheme == Uri.UriSchemeHttp && !BackendUrlRule.IsLoopback(url)
            ? $"{SettingNames.WhisperModelBaseUrl} '{value}' uses http:// for a remote host; use https:// (http is accepted only for localhost, 127.0.0.1 or ::1)."
            : !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.UserInfo)
                ? $"{SettingNames.WhisperModelBaseUrl} must not carry a query string or credentials."
                : null;
    }

    public async Task<WhisperModelFile> SaveAsync(ModelDownloadRequest request, IProgress<ModelDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = WhisperModelCatalog.Normalize(request.Name);
        var expected = ExpectedFor(name, request);
        var url = ResolveUrl(name, request.BaseUrl);
        var folder = Path.GetFullPath(request.CacheFolder);
        var destination = WhisperModelCache.PathOf(folder, name);

        if (File.Exists(destination) && !request.Force)
        {
            progress?.Report(new ModelDownloadProgress { Name = name, Activity = $"Verifying {destination}" });
            var (sha1, sha256) = await ModelChecksum.OfFileAsync(destination, cancellationToken).ConfigureAwait(false);
            if (expected.Matches(sha1, sha256))
            {
                _log.Verbose($"The Whisper model {name} is already in {destination}, and its checksum matches; nothing to download (add -Force to download it again).");
                return Result(name, destination, sha1, sha256, downloaded: false, url);
            }

            _log.Warning($"{destination} does not match the {expected.Describe()} of the model {name} (a damaged or different file); downloading it again.");
        }

        Directory.CreateDirectory(folder);
        var partial = destination + PartialSuffix;
        FileStream file;
        try
        {
            file = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, useAsync: true);
        }
        catch (IOException e) when (File.Exists(partial))
        {
            throw new HlsEncoderException("ModelDownloadInProgress", FailureKind.ResourceExists,
                $"{partial} is in use: another Save-WhisperModel is downloading the model {name}. Wait for it to finish.", partial, e);
        }

        string[] hashes;
        try
        {
            await using (file)
            {
                hashes = await DownloadAsync(name, url, file, expected, progress, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is HlsEncoderException { ErrorId: "ModelChecksumMismatch" } || IsEmpty(partial))
        {
            // A partial file is kept to be resumed, unless it is empty or known to be wrong.
            File.Delete(partial);
            throw;
        }

        try
        {
            GgmlModelValidator.Validate(partial);
        }
        catch (HlsEncoderException)
        {
            // It matched the checksum it was given, yet Whisper could not load it: keeping it would only resume into it.
            File.Delete(partial);
            throw;
        }

        File.Move(partial, destination, overwrite: true);
        _log.Verbose($"Saved the Whisper model {name} in {destination} ({new FileInfo(destination).Length / 1048576.0:0.0} MiB, {expected.Describe()} verified).");
        return Result(name, destination, hashes[0], hashes[1], downloaded: true, url);
    }

    private async Task<string[]> DownloadAsync(string name, Uri url, FileStream file, ExpectedChecksum expected, IProgress<ModelDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        using var checksum = new ModelChecksum();
        var resumedFrom = file.Length;
        if (resumedFrom > 0)
        {
            _log.Verbose($"Resuming the download of {name} at {resumedFrom / 1048576.0:0.0} MiB ({file.Name}).");
            progress?.Report(new ModelDownloadProgress { Name = name, BytesReceived = resumedFrom, Activity = $"Checking the {resumedFrom / 1048576.0:0.0} MiB already downloaded" });
            await checksum.AppendAsync(file, resumedFrom, cancellationToken).ConfigureAwait(false);
        }

        var restartedOnce = false;
        while (true)
        {
            await TransferAsync(name, url, file, checksum, progress, cancellationToken).ConfigureAwait(false);
            var (sha1, sha256) = checksum.Current();
            if (expected.Matches(sha1, sha256))
            {
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                return [sha1, sha256];
            }

            if (resumedFrom > 0 && !restartedOnce)
            {
                // The partial file may come from another version of the model: start over once.
                _log.Verbose($"The resumed download of {name} does not match its {expected.Describe()}; downloading it again from the start.");
                restartedOnce = true;
                Truncate(file, checksum);
                continue;
            }

            var received = file.Length;
            throw new HlsEncoderException("ModelChecksumMismatch", FailureKind.InvalidData,
                $"The model {name} downloaded from {Redaction.Url(url)} ({received} bytes) does not match its {expected.Describe()} (got SHA-1 {sha1}). The file was discarded; try again, or check -BaseUrl and the checksum.",
                url.ToString());
        }
    }

    /// <summary>Appends the rest of the file from the server to <paramref name="file"/>, retrying transient failures.</summary>
    private async Task TransferAsync(string name, Uri url, FileStream file, ModelChecksum checksum, IProgress<ModelDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            var before = file.Length;
            string? transient;
            try
            {
                transient = await TryTransferAsync(name, url, file, checksum, progress, cancellationToken).ConfigureAwait(false);
                if (transient is null)
                {
                    return;
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && (TransientFailure.IsTransient(e, cancellationToken) || e is OperationCanceledException))
            {
                transient = e is OperationCanceledException ? $"no data for {_stallTimeout.TotalSeconds:0} s" : TransientFailure.Describe(e);
            }

            failures = file.Length > before ? 1 : failures + 1;
            if (failures > _retry.Delays.Count)
            {
                throw new HlsEncoderException("ModelDownloadFailed", FailureKind.ConnectionFailed,
                    $"Downloading the model {name} from {Redaction.Url(url)} failed {failures} times in a row ({transient}). Run Save-WhisperModel again: it resumes at {file.Length / 1048576.0:0.0} MiB.",
                    url.ToString());
            }

            var delay = _retry.DelayFor(failures - 1, null);
            _log.Verbose($"Downloading {name}: {transient}; resuming at {file.Length / 1048576.0:0.0} MiB in {delay.TotalSeconds:0.#} s (attempt {failures + 1} of {_retry.MaxAttempts}).");
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One request: null when the file is complete, else why it was cut short (worth another try).</summary>
    private async Task<string?> TryTransferAsync(string name, Uri url, FileStream file, ModelChecksum checksum, IProgress<ModelDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var offset = file.Length;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.UserAgent.ParseAdd(ProductInfo.UserAgent);
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        long? total;
        switch (response.StatusCode)
        {
            case HttpStatusCode.PartialContent when response.Content.Headers.ContentRange is { } range && range.From == offset:
                total = range.Length;
                break;
            case HttpStatusCode.PartialContent:
                return "the server answered with another byte range than asked for";
            case HttpStatusCode.OK:
                if (offset > 0)
                {
                    _log.Verbose($"The server does not resume downloads; downloading {name} from the start.");
                    Truncate(file, checksum);
                }

                total = response.Content.Headers.ContentLength;
                break;
            case HttpStatusCode.RequestedRangeNotSatisfiable:
                // Everything is here already (a run that stopped just before verifying).
                return null;
            case HttpStatusCode.NotFound:
                throw new HlsEncoderException("ModelNotFoundOnServer", FailureKind.NotFound,
                    $"{Redaction.Url(url)} was not found (HTTP 404). Check the model name ({string.Join(", ", WhisperModelCatalog.Names)}) and -BaseUrl / {SettingNames.WhisperModelBaseUrl}.",
                    url.ToString());
            case var status when TransientFailure.IsTransient(status):
                return TransientFailure.Describe(response);
            default:
                throw new HlsEncoderException("ModelDownloadFailed", FailureKind.ServerError,
                    $"Downloading the model {name} from {Redaction.Url(url)} failed: {TransientFailure.Describe(response)}.", url.ToString());
        }

        file.Seek(0, SeekOrigin.End);
        var started = _time.GetTimestamp();
        var startLength = file.Length;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
        var buffer = new byte[BufferSize];
        while (true)
        {
            stall.CancelAfter(_stallTimeout);
            var read = await body.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            checksum.Append(buffer.AsSpan(0, read));
            if (progress is not null)
            {
                var elapsed = _time.GetElapsedTime(started);
                double? speed = elapsed > TimeSpan.FromMilliseconds(500) ? (file.Length - startLength) / elapsed.TotalSeconds : null;
                progress.Report(new ModelDownloadProgress
                {
                    Name = name,
                    BytesReceived = file.Length,
                    TotalBytes = total,
                    BytesPerSecond = speed,
                    TimeLeft = speed is > 0 && total is { } t ? TimeSpan.FromSeconds((t - file.Length) / speed.Value) : null,
                });
            }
        }

        return total is { } expectedLength && file.Length < expectedLength
            ? $"the connection closed at {file.Length} of {expectedLength} bytes"
            : null;
    }

    private static bool IsEmpty(string path) => File.Exists(path) && new FileInfo(path).Length == 0;

    private static void Truncate(FileStream file, ModelChecksum checksum)
    {
        file.SetLength(0);
        checksum.Reset();
    }

    private static ExpectedChecksum ExpectedFor(string name, ModelDownloadRequest request)
    {
        if (ModelChecksum.Check(request.Sha1, 40, "-Sha1") is { } sha1Problem)
        {
            throw new HlsEncoderException("InvalidChecksum", FailureKind.InvalidArgument, sha1Problem, request.Sha1);
        }

        if (ModelChecksum.Check(request.Sha256, 64, "-Sha256") is { } sha256Problem)
        {
            throw new HlsEncoderException("InvalidChecksum", FailureKind.InvalidArgument, sha256Problem, request.Sha256);
        }

        if (request.Sha1 is not null || request.Sha256 is not null)
        {
            return new ExpectedChecksum(request.Sha1?.ToLowerInvariant(), request.Sha256?.ToLowerInvariant());
        }

        return WhisperModelCatalog.Find(name) is { } known
            ? new ExpectedChecksum(known.Sha1, null)
            : throw new HlsEncoderException("ModelChecksumUnknown", FailureKind.InvalidArgument,
                $"HlsEncoder knows no checksum for the model '{name}', so it could not verify the download. Pass the publisher's checksum with -Sha256 or -Sha1, or use a known model: {string.Join(", ", WhisperModelCatalog.Names)}.",
                name);
    }

    private static WhisperModelFile Result(string name, string path, string sha1, string sha256, bool downloaded, Uri url) => new()
    {
        Name = name,
        ModelPath = path,
        Size = new FileInfo(path).Length,
        Sha1 = sha1,
        Sha256 = sha256,
        Downloaded = downloaded,
        Url = Redaction.Url(url),
    };

    private sealed record ExpectedChecksum(string? Sha1, string? Sha256)
    {
        public bool Matches(string sha1, string sha256) =>
            (Sha1 is null || string.Equals(Sha1, sha1, StringComparison.OrdinalIgnoreCase))
            && (Sha256 is null || string.Equals(Sha256, sha256, StringComparison.OrdinalIgnoreCase));

        public string Describe() => Sha1 is not null && Sha256 is not null ? "SHA-1 and SHA-256" : Sha1 is not null ? "SHA-1" : "SHA-256";
    }
}
