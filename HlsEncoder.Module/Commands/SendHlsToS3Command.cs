using System.Management.Automation;
using HlsEncoder.Module.Infrastructure;
using HlsEncoder.Module.Parameters;
using HlsEncoder.Packaging;
using HlsEncoder.Upload;
using HlsEncoder.Validation;

namespace HlsEncoder.Module.Commands;

/// <summary>
/// Uploads HLS packages (its own, or any complete HLS folder) to S3 under
/// courses/{courseId}/{language}/{videoKey}/ through presigned URLs, resuming where an earlier run
/// stopped. Only a complete upload is written to the pipeline, so that New-BackendFileRecord never
/// registers a video with missing files.
/// </summary>
[Cmdlet(VerbsCommunications.Send, "HlsToS3", DefaultParameterSetName = PackageSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(UploadResult))]
[SharedParameters(typeof(RunLogParameters))]
public sealed class SendHlsToS3Command : BackendCmdlet
{
    private const string PackageSet = "Package";
    private const int UploadActivityId = 11;
    private const int FileActivityId = 12;

    private HlsUploader? _uploader;

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

    protected override void BeginProcessingWithBackend() => _uploader = new HlsUploader(Backend, Log);

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PackageSet)
        {
            Upload(Package!);
            return;
        }

        foreach (var folder in ResolveInput(Path, LiteralPath))
        {
            try
            {
                Upload(HlsPackageReader.Read(folder));
            }
            catch (HlsEncoderException e)
            {
                EmitError(e);
            }
        }
    }

    protected override void EndProcessing() => WriteProgress(ProgressRecords.Completed(UploadActivityId, "Send-HlsToS3"));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _uploader?.Dispose();
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
                Target = PublishTarget.Create(CourseId, Language ?? Configuration.DefaultLanguage, Name),
                Layout = KeyLayout is null ? Configuration.KeyLayout : Enum.Parse<S3KeyLayout>(KeyLayout, ignoreCase: true),
                ThrottleLimit = ThrottleLimit,
                Restart = Restart,
                Force = Force,
            };
            preview = _uploader!.Preview(request);
        }
        catch (HlsEncoderException e)
        {
            EmitError(e);
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
        RunItem(
            async token =>
            {
                var result = await _uploader.UploadAsync(request, progress, token).ConfigureAwait(false);
                if (!result.IsComplete)
                {
                    // Only a complete upload goes down the pipeline: New-BackendFileRecord must never register missing files.
                    foreach (var failure in result.FailedFiles)
                    {
                        EmitError(new HlsEncoderException(failure.ErrorId, failure.Kind, $"{failure.RelativePath}: {failure.Message}", failure.RelativePath));
                    }

                    throw UploadErrors.Incomplete(result);
                }

                return result;
            },
            afterWritten: async result =>
            {
                if (DeleteLocal && await ShouldProcessAsync(result.PackagePath, "Delete the local package (every file is uploaded and verified)").ConfigureAwait(false))
                {
                    PackageFolder.DeletePublished(result.PackagePath, Log);
                }
            },
            whenDone: progress.Complete);
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
                SecondsRemaining = ProgressRecords.SecondsRemaining(value.Remaining),
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
            cmdlet.EmitProgress(ProgressRecords.Completed(FileActivityId, "Current file", UploadActivityId));
            cmdlet.EmitProgress(ProgressRecords.Completed(UploadActivityId, $"Uploading to {prefix}"));
        }
    }
}
