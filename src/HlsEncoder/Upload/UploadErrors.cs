namespace HlsEncoder.Upload;

/// <summary>What an upload that did not finish means to whoever asked for it, said once for every caller.</summary>
public static class UploadErrors
{
    /// <summary>
    /// The error for an upload that left files behind: how many of how many, the first of them, and how to
    /// resume. The result is the error's target, so a script can list every failed file.
    /// </summary>
    /// <param name="subject">What was uploaded, as the start of the message (e.g. "lecture.mp4"); null for the package folder.</param>
    /// <param name="consequence">What did not happen because of it (e.g. "no File record was created"); null for nothing.</param>
    public static HlsEncoderException Incomplete(UploadResult result, string? subject = null, string? consequence = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var total = result.Failed + result.Uploaded + result.Skipped;
        var examples = string.Join("; ", result.FailedFiles.Take(3)) + (result.Failed > 3 ? "; ..." : string.Empty);
        return new HlsEncoderException(
            "UploadIncomplete", FailureKind.OperationFailed,
            $"{subject ?? result.PackagePath}: {result.Failed} of {total} files did not reach {result.Prefix} ({examples}); the others did. " +
            $"Run the same command again to send the rest{(consequence is null ? string.Empty : $"; {consequence}")}. This error's TargetObject lists every file.",
            result);
    }
}
