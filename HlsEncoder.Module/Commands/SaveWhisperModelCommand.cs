using System.Management.Automation;
using HlsEncoder.Configuration;
using HlsEncoder.Module.Infrastructure;
using HlsEncoder.Module.Parameters;
using HlsEncoder.Transcription;

namespace HlsEncoder.Module.Commands;

/// <summary>
/// Downloads a Whisper ggml model into the model cache, resuming a partial download and verifying its
/// checksum before it is used. A verified model already there is returned without downloading.
/// </summary>
[Cmdlet(VerbsData.Save, "WhisperModel", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(WhisperModelFile))]
[SharedParameters(typeof(RunLogParameters))]
public sealed class SaveWhisperModelCommand : HlsEncoderCmdlet
{
    private const int ActivityId = 1;

    private WhisperModelDownloader? _downloader;
    private string _cacheFolder = string.Empty;
    private string? _baseUrl;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateWhisperModelName]
    [ArgumentCompleter(typeof(WhisperModelNameCompleter))]
    public string ModelName { get; set; } = string.Empty;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BaseUrl { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidatePattern("^[0-9a-fA-F]{40}$")]
    public string? Sha1 { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidatePattern("^[0-9a-fA-F]{64}$")]
    public string? Sha256 { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var configuration = LoadSettings(new Dictionary<string, string?> { [SettingNames.WhisperModelBaseUrl] = BaseUrl });
        try
        {
            var folder = configuration.GetValue(SettingNames.WhisperModelDir);
            _cacheFolder = WhisperModelCache.ResolveFolder(folder is null ? null : GetUnresolvedProviderPathFromPSPath(folder));
            _baseUrl = configuration.GetValue(SettingNames.WhisperModelBaseUrl);
            if (_baseUrl is not null && WhisperModelDownloader.CheckBaseUrl(_baseUrl) is { } problem)
            {
                throw new HlsEncoderException("InvalidModelBaseUrl", FailureKind.InvalidConfiguration, problem, _baseUrl);
            }

            WriteVerbose($"Model cache: {_cacheFolder}.");
        }
        catch (HlsEncoderException e)
        {
            Fail(e);
        }

        _downloader = WhisperModelDownloader.ForModels(Log);
    }

    protected override void ProcessRecord()
    {
        var request = new ModelDownloadRequest
        {
            Name = ModelName,
            CacheFolder = _cacheFolder,
            BaseUrl = _baseUrl,
            Sha1 = Sha1,
            Sha256 = Sha256,
            Force = Force,
        };

        string destination;
        Uri url;
        try
        {
            destination = WhisperModelCache.PathOf(_cacheFolder, ModelName);
            url = WhisperModelDownloader.ResolveUrl(ModelName, _baseUrl);
        }
        catch (HlsEncoderException e)
        {
            EmitError(e);
            return;
        }

        var action = File.Exists(destination) && !Force
            ? $"Verify the model {ModelName} in the cache, downloading it from {Redaction.Url(url)} if it does not match"
            : $"Download the model {ModelName} from {Redaction.Url(url)} into {destination}";
        if (!ShouldProcess(destination, action))
        {
            return;
        }

        var progress = new CmdletProgress(this, ModelName);
        RunItem(
            token => _downloader!.SaveAsync(request, progress, token),
            whenDone: () => EmitProgress(ProgressRecords.Completed(ActivityId, $"Saving the Whisper model {ModelName}")));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _downloader?.Dispose();
            _downloader = null;
        }

        base.Dispose(disposing);
    }

    private sealed class CmdletProgress(SaveWhisperModelCommand cmdlet, string name) : IProgress<ModelDownloadProgress>
    {
        public void Report(ModelDownloadProgress value) =>
            cmdlet.EmitProgress(new ProgressRecord(ActivityId, $"Saving the Whisper model {name}", value.ToString())
            {
                PercentComplete = value.Percent is { } percent ? (int)Math.Clamp(Math.Floor(percent), 0, 100) : -1,
                SecondsRemaining = ProgressRecords.SecondsRemaining(value.TimeLeft),
            });
    }
}
