using System.Management.Automation;
using HlsEncoder.Backend;
using HlsEncoder.Module.Infrastructure;
using HlsEncoder.Packaging;
using HlsEncoder.Upload;
using HlsEncoder.Validation;

namespace HlsEncoder.Module.Commands;

/// <summary>
/// Uploads HLS packages (its own, or any complete HLS folder) to S3 under
/// courses/{courseId}/{language}/{videoKey}/ through presigned URLs, resuming where an earlier run stopped. Only a complete upload is written to the pipeline, so that
/// New-BackendFileRecord never registers a video with missing files.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "HlsToS3", DefaultParameterSetName = PackageSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(UploadResult))]
public sealed class SendHlsToS3Command : BackendCmdlet
{
    private const string PackageSet = "Package";
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const int UploadActivityId = 11;
    private const int FileActivityId = 12;

    private HlsUploader? _uploader;
    private BackendClient? _backend;
    private Configuration.HlsEncoderConfiguration? _configuration;

    [Parameter(Mandatory = true, ParameterSetName = PackageSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public HlsPackage? Package { get; set; }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateCourseId]
    public string CourseId { get; set; } = string.Empty;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateLanguage]
    [ArgumentCompleter(typeof(LanguageCompleter))]
    public string? Language { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateVideoName]
    public string Name { get; set; } = string.Empty;

    // A string, not the engine's enum: a cmdlet's field of a value type from the engine would need the
    // engine loaded to lay the class out, which PowerShell does before the module's resolver is in place.
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet(nameof(S3KeyLayout.Video), nameof(S3KeyLayout.Course), IgnoreCase = true)]
    public string? KeyLayout { get; set; }

    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = UploadRequest.DefaultThrottleLimit;

    [Parameter]
    public SwitchParameter Restart { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter DeleteLocal { get; set; }

    protected override void BeginProcessing()
    {
        _configuration = LoadConfiguration();
        _backend = CreateBackendClient(_configuration);
        _uploader = new HlsUploader(_backend, Log);
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PackageSet)
        {
            Upload(Package!);
            return;
        }

        var literal = ParameterSetName == LiteralPathSet;
        foreach (var folder in PathResolver.Resolve(this, literal ? LiteralPath : Path, literal, WriteError).ToArray())
        {
            try
            {
                Upload(HlsPackageReader.Read(folder));
            }
            catch (HlsEncoderException e)
            {
                WriteError(ErrorRecords.From(e, Redact));
            }
        }
    }

    protected override void EndProcessing() =>
        WriteProgress(new ProgressRecord(UploadActivityId, "Send-HlsToS3", "Done") { RecordType = ProgressRecordType.Completed });

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _uploader?.Dispose();
            _backend?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Upload(HlsPackage package)
    {
        UploadRequest request;
        UploadPreview preview;
        try
        {
            request = new UploadRequest
            {
                Package = package,
                Target = PublishTarget.Create(CourseId, Language ?? _configuration!.DefaultLanguage, Name),
                Layout = KeyLayout is null ? _configuration!.KeyLayout : Enum.Parse<S3KeyLayout>(KeyLayout, ignoreCase: true),
                ThrottleLimit = ThrottleLimit,
                Restart = Restart,
                Force = Force,
            };
            preview = _uploader!.Preview(request);
        }
        catch (HlsEncoderException e)
        {
            WriteError(ErrorRecords.From(e, Redact));
            return;
        }

        var megabytes = preview.Pending.Sum(i => i.Size) / 1048576.0;
        var prefix = preview.Plan.Target.Prefix;
        if (!ShouldProcess(
                $"Uploading {preview.Pending.Count} files ({megabytes:0.#} MB) of {package.OutputPath} to {prefix}.",
                $"Upload {preview.Pending.Count} files ({megabytes:0.#} MB) of {package.OutputPath} to {prefix}?",
                "Send-HlsToS3",
                out var reason))
        {
            if (reason == ShouldProcessReason.WhatIf)
            {
                foreach (var item in preview.Pending)
                {
                    ShouldProcess(item.Key, $"Upload {item.RelativePath} as {item.ContentType} ({item.Size} bytes)");
                }
            }

            return;
        }

        var progress = new UploadProgressWriter(this, prefix);
        RunAsync(async token =>
        {
            try
            {
                var result = await _uploader.UploadAsync(request, progress, token).ConfigureAwait(false);
                if (result.IsComplete)
                {
                    Emit(result);
                    await DeleteLocalAsync(package).ConfigureAwait(false);
                    return;
                }

                foreach (var failure in result.FailedFiles)
                {
                    EmitError(new HlsEncoderException(failure.ErrorId, failure.Kind, $"{failure.RelativePath}: {failure.Message}", failure.RelativePath));
                }

                EmitError(UploadErrors.Incomplete(result));
            }
            catch (BackendException e) when (!e.IsAuthorizationFailure)
            {
                EmitError(e);
            }
            catch (HlsEncoderException e) when (e is not BackendException)
            {
                EmitError(e);
            }
            finally
            {
                progress.Complete();
            }
        });
    }

    private async Task DeleteLocalAsync(HlsPackage package)
    {
        if (DeleteLocal && await ShouldProcessAsync(package.OutputPath, "Delete the local package (every file is uploaded and verified)").ConfigureAwait(false))
        {
            Directory.Delete(package.OutputPath, recursive: true);
            Log.Verbose($"Deleted {package.OutputPath}.");
        }
    }

    /// <summary>One parent record for the package and one child record for the file most recently started.</summary>
    private sealed class UploadProgressWriter(SendHlsToS3Command cmdlet, string prefix) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value)
        {
            var megabytes = value.BytesDone / 1048576.0;
            var rate = value.BytesPerSecond / 1048576.0;
            cmdlet.EmitProgress(new ProgressRecord(UploadActivityId, $"Uploading to {prefix}", $"{value.FilesDone}/{value.FilesTotal} files, {megabytes:0.0} of {value.BytesTotal / 1048576.0:0.0} MB, {rate:0.0} MB/s")
            {
                PercentComplete = value.PercentComplete,
                SecondsRemaining = value.Remaining is { } left ? (int)Math.Ceiling(left.TotalSeconds) : -1,
            });
            if (value.CurrentFile is { } file)
            {
                cmdlet.EmitProgress(new ProgressRecord(FileActivityId, "Current file", $"Uploading {value.CurrentNumber}/{value.FilesTotal} ({file})")
                {
                    ParentActivityId = UploadActivityId,
                });
            }
        }

        public void Complete()
        {
            cmdlet.EmitProgress(new ProgressRecord(FileActivityId, "Current file", "Done") { ParentActivityId = UploadActivityId, RecordType = ProgressRecordType.Completed });
            cmdlet.EmitProgress(new ProgressRecord(UploadActivityId, $"Uploading to {prefix}", "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
