using System.Management.Automation;
using HlsEncoder.Backend;
using HlsEncoder.Module.Infrastructure;
using HlsEncoder.Module.Parameters;
using HlsEncoder.Validation;

namespace HlsEncoder.Module.Commands;

/// <summary>
/// Registers uploaded HLS keys as a File record in the backend. Its parameters bind by property name
/// from Send-HlsToS3's UploadResult, so the two chain without glue.
/// </summary>
[Cmdlet(VerbsCommon.New, "BackendFileRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(FileRecord))]
[SharedParameters(typeof(RunLogParameters))]
public sealed class NewBackendFileRecordCommand : BackendCmdlet
{
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

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [S3KeySetTransformation]
    [ValidateNotNull]
    public S3KeySet S3Keys { get; set; } = new();

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [DurationTransformation]
    public TimeSpan Duration { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Qualities { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Uri? MasterUrl { get; set; }

    protected override void ProcessRecord()
    {
        FileRecordRequest request;
        try
        {
            var target = PublishTarget.Create(CourseId, Language ?? Configuration.DefaultLanguage, Name);
            request = FileRecordRequest.Create(target, S3Keys, Duration, Qualities);
        }
        catch (HlsEncoderException e)
        {
            EmitError(e);
            return;
        }

        if (!ShouldProcess($"'{request.Name}' playing {request.S3Keys.Master} ({string.Join(", ", request.Qualities)}, {request.Duration} s)", "Create File record"))
        {
            return;
        }

        RunItem(async token =>
        {
            var record = await Backend.CreateFileRecordAsync(request, token).ConfigureAwait(false);
            Log.Verbose($"Created File record {record.Id} for '{record.Name}'.");
            return MasterUrl is null ? record : record with { MasterUrl = MasterUrl };
        });
    }
}
