using System.Net;
using System.Text.RegularExpressions;
using HlsEncoder.Backend;
using HlsEncoder.Resilience;

namespace HlsEncoder.Upload;

/// <summary>
/// Uploads one file: presigns its exact key, PUTs it straight to S3 with exactly the presigned
/// Content-Type (never the backend token), and checks the ETag against the MD5 of what was sent.
/// Transient failures are retried on the shared schedule; a 403 from S3 (an expired or otherwise
/// invalid signature) is fixed by presigning again, at once.
/// </summary>
internal sealed partial class S3Putter(BackendClient backend, HttpClient s3, RetrySchedule schedule, TimeProvider time, IOperationLog log)
{
    // Large bodies ask S3 first, so that an expired URL is refused before the bytes are sent.
    private const long ExpectContinueThreshold = 1 << 20;
    private const double MinimumBytesPerSecond = 512 * 1024;

    /// <param name="onBytes">Told how many bytes of the current attempt have been sent so far.</param>
    public async Task<PutOutcome> PutAsync(UploadItem item, Action<long> onBytes, CancellationToken cancellationToken)
    {
        PresignedUpload? presigned = null;
        Uri? downloadUrl = null;
        var attempts = 0;
        string? md5 = null;
        var pipeline = HttpRetryPipeline.Create(
            $"upload {item.RelativePath}",
            schedule,
            backend.Options.RequestTimeout + TimeSpan.FromSeconds(item.Size / MinimumBytesPerSecond),
            time,
            notice => notice.Report(log, notice.Status == (int)HttpStatusCode.Forbidden
                ? $"upload {item.RelativePath}: S3 refused the presigned URL (expired or invalid signature); presigning it again."
                : null),
            isTransientResponse: r => r.StatusCode == HttpStatusCode.Forbidden || TransientFailure.IsTransient(r.StatusCode),
            retryAtOnce: r => r.StatusCode == HttpStatusCode.Forbidden);

        using var response = await pipeline.ExecuteAsync(
            async token =>
            {
                attempts++;
                presigned ??= await backend.PresignAsync(item.Key, item.ContentType, token).ConfigureAwait(false);
                downloadUrl = presigned.DownloadUrl;
                using var content = OpenContent(item, onBytes);
                using var request = new HttpRequestMessage(HttpMethod.Put, presigned.SignedUrl) { Content = content };
                request.Headers.ExpectContinue = item.Size >= ExpectContinueThreshold;
                log.Debug($"PUT {Redaction.Url(presigned.SignedUrl)} ({item.ContentType}, {item.Size} bytes, attempt {attempts})");
                var answer = await s3.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                if (answer.StatusCode == HttpStatusCode.Forbidden)
                {
                    presigned = null;
                }
                else if (answer.IsSuccessStatusCode)
                {
                    md5 = content.Md5Hex;
                    VerifyETag(item, answer, md5);
                }

                return answer;
            },
            cancellationToken).ConfigureAwait(false);

        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(item, response, attempts, cancellationToken).ConfigureAwait(false);
        }

        return new PutOutcome(md5 ?? string.Empty, attempts, downloadUrl);
    }

    private static FileUploadContent OpenContent(UploadItem item, Action<long> onBytes)
    {
        try
        {
            return new FileUploadContent(item, onBytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new HlsEncoderException(
                "UploadFileMissing", FailureKind.NotFound,
                $"{item.RelativePath} was removed from the package folder during the upload; restore it (or encode again) and run the upload again.", item.RelativePath, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new HlsEncoderException("UploadFileUnreadable", FailureKind.PermissionDenied, $"{item.RelativePath} cannot be read: {e.Message}", item.RelativePath, e);
        }
    }

    private static void VerifyETag(UploadItem item, HttpResponseMessage response, string? md5)
    {
        var etag = response.Headers.ETag?.Tag.Trim('"');
        // Only a plain MD5 ETag can be checked (encrypted buckets and multipart uploads answer others).
        if (etag is not null && md5 is not null && PlainMd5().IsMatch(etag) && !string.Equals(etag, md5, StringComparison.OrdinalIgnoreCase))
        {
            throw new UploadIntegrityException($"S3 stored {item.RelativePath} with ETag {etag}, but the file's MD5 is {md5}: the body was damaged on the way.");
        }
    }

    private static async Task<HlsEncoderException> FailureAsync(UploadItem item, HttpResponseMessage response, int attempts, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var code = S3ErrorCode().Match(body) is { Success: true } c ? c.Groups[1].Value : null;
        var message = S3ErrorMessage().Match(body) is { Success: true } m ? m.Groups[1].Value : null;
        var said = code is null ? string.Empty : $" S3 said {code}{(message is null ? string.Empty : $": {Redaction.Text(message)}")}.";
        return response.StatusCode == HttpStatusCode.Forbidden
            ? new HlsEncoderException(
                "UploadRejected", FailureKind.PermissionDenied,
                $"S3 refused {item.RelativePath} (403) even with freshly presigned URLs, {attempts} attempts.{said} Check the backend's S3 credentials and clock.", item.RelativePath)
            : new HlsEncoderException(
                "UploadFailed", FailureKind.ServerError,
                $"S3 failed {item.RelativePath} with HTTP {(int)response.StatusCode} after {attempts} attempts.{said} Run the upload again later; uploaded files are kept.", item.RelativePath);
    }

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex PlainMd5();

    [GeneratedRegex("<Code>([^<]*)</Code>")]
    private static partial Regex S3ErrorCode();

    [GeneratedRegex("<Message>([^<]*)</Message>")]
    private static partial Regex S3ErrorMessage();
}

internal sealed record PutOutcome(string Md5, int Attempts, Uri? DownloadUrl);

/// <summary>S3 stored something other than what was sent; worth another attempt.</summary>
internal sealed class UploadIntegrityException(string message) : IOException(message);
