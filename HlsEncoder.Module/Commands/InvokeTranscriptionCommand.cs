using System.Management.Automation;
using HlsEncoder.Configuration;
using HlsEncoder.Module.Infrastructure;
using HlsEncoder.Module.Parameters;
using HlsEncoder.Packaging;
using HlsEncoder.Transcription;

namespace HlsEncoder.Module.Commands;

/// <summary>
/// Transcribes recordings with Whisper, in process. A piped HlsPackage gets transcript.srt/.vtt/.txt/.json
/// and a WebVTT subtitles rendition in master.m3u8, and is passed on with its Transcript; a file given by
/// -Path or -LiteralPath gets the four files in -OutputPath. Each failed item is one error; the others go on.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Transcription", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(HlsPackage), ParameterSetName = [PackageSet])]
[OutputType(typeof(Transcript), ParameterSetName = [PathSet, LiteralPathSet])]
[SharedParameters(typeof(WhisperModelParameters), typeof(WhisperThreadsParameters), typeof(TranscribeParameters), typeof(FfmpegParameters), typeof(RunLogParameters))]
public sealed class InvokeTranscriptionCommand : HlsEncoderCmdlet
{
    private const string PackageSet = "Package";
    private const int JobActivityId = 1;
    private const int ItemActivityId = 2;

    private Transcriber? _transcriber;
    private string _defaultLanguage = "en";
    private int _itemNumber;

    [Parameter(Mandatory = true, ParameterSetName = PackageSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public HlsPackage? Package { get; set; }

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Position = 1, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Position = 1, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? OutputPath { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateTranscriptionLanguage]
    [ArgumentCompleter(typeof(TranscriptionLanguageCompleter))]
    public string? Language { get; set; }

    [Parameter]
    public SwitchParameter Translate { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var configuration = LoadSettings(Shared<FfmpegParameters>().Settings(this));
        _defaultLanguage = configuration.DefaultLanguage;
        try
        {
            _transcriber = TranscriberFactory.Create(this, configuration, Shared<WhisperModelParameters>(), Shared<WhisperThreadsParameters>().Threads, Log);
        }
        catch (HlsEncoderException e)
        {
            Fail(e);
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PackageSet)
        {
            TranscribePackage(Package!);
            return;
        }

        foreach (var source in ResolveInput(Path, LiteralPath))
        {
            TranscribeFile(source);
        }
    }

    protected override void EndProcessing() => WriteProgress(ProgressRecords.Completed(JobActivityId, "Invoke-Transcription"));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _transcriber?.Dispose();
            _transcriber = null;
        }

        base.Dispose(disposing);
    }

    private void TranscribePackage(HlsPackage package)
    {
        var request = Request();
        if (!ShouldProcess(package.OutputPath, Describe(request, "adding subtitles to master.m3u8")))
        {
            return;
        }

        Run(package.SourcePath, (progress, token) => _transcriber!.TranscribePackageAsync(package, request, progress, token));
    }

    private void TranscribeFile(string source)
    {
        var outputPath = System.IO.Path.TrimEndingDirectorySeparator(OutputPath is null
            ? PackageFolder.DefaultFor(source)
            : GetUnresolvedProviderPathFromPSPath(OutputPath));
        var request = Request();
        if (!ShouldProcess(source, Describe(request, $"writing the transcript files into {outputPath}")))
        {
            return;
        }

        Run(source, (progress, token) => _transcriber!.TranscribeFileAsync(source, outputPath, request, progress, token));
    }

    private void Run<T>(string source, Func<IProgress<MediaProgress>, CancellationToken, Task<T>> transcribe)
    {
        _itemNumber++;
        var fileName = System.IO.Path.GetFileName(source);
        EmitProgress(new ProgressRecord(JobActivityId, "Invoke-Transcription", $"Recording {_itemNumber}: {fileName}"));
        var progress = new MediaProgressBar(this, ItemActivityId, JobActivityId, $"Transcribing {fileName}");
        RunItem(token => transcribe(progress, token), whenDone: progress.Complete);
    }

    private TranscriptionRequest Request() => Shared<TranscribeParameters>().Request(Language ?? _defaultLanguage, Translate, Force);

    private string Describe(TranscriptionRequest request, string effect) =>
        $"Transcribe with Whisper ({_transcriber!.ModelName}, language {request.Language}{(request.Translate ? ", translated into English" : string.Empty)}), {effect}";
}
