using System.Management.Automation;
using HlsEncoder.Configuration;
using HlsEncoder.Ladder;
using HlsEncoder.Module.Infrastructure;
using HlsEncoder.Module.Parameters;
using HlsEncoder.Packaging;

namespace HlsEncoder.Module.Commands;

/// <summary>
/// Encodes videos into HLS packages (master.m3u8 and one folder per quality) with one ffmpeg process
/// per video. Each failed video is one error; the others still encode.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "HlsEncode", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(HlsPackage))]
[SharedParameters(typeof(EncodeParameters), typeof(FfmpegParameters), typeof(RunLogParameters))]
public sealed class InvokeHlsEncodeCommand : HlsEncoderCmdlet
{
    private const int JobActivityId = 1;
    private const int VideoActivityId = 2;

    private readonly OutputPathClaims _outputs = new();
    private HlsLadderEncoder? _encoder;
    private string? _ffmpegPath;
    private int _videoNumber;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? OutputPath { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    private EncodeParameters EncodeOptions => Shared<EncodeParameters>();

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var configuration = LoadSettings(Shared<FfmpegParameters>().Settings(this));
        _ffmpegPath = configuration.GetValue(SettingNames.FfmpegPath);
        if (_ffmpegPath is not null)
        {
            WriteVerbose($"ffmpeg: {_ffmpegPath} (FFMPEG_PATH from {configuration.GetSource(SettingNames.FfmpegPath)}).");
        }

        _encoder = new HlsLadderEncoder(Log);
    }

    protected override void ProcessRecord()
    {
        foreach (var source in ResolveInput(Path, LiteralPath))
        {
            EncodeOne(source);
        }
    }

    protected override void EndProcessing() => WriteProgress(ProgressRecords.Completed(JobActivityId, "Invoke-HlsEncode"));

    private void EncodeOne(string source)
    {
        var outputPath = System.IO.Path.TrimEndingDirectorySeparator(OutputPath is null
            ? PackageFolder.DefaultFor(source)
            : GetUnresolvedProviderPathFromPSPath(OutputPath));
        try
        {
            _outputs.Claim(source, outputPath);
        }
        catch (HlsEncoderException e)
        {
            EmitError(e);
            return;
        }

        var replacing = Force && Directory.Exists(outputPath);
        if (!ShouldProcess(source, replacing
                ? $"Encode to HLS ({string.Join(", ", EncodeOptions.Quality)}), replacing the package in {outputPath}"
                : $"Encode to HLS ({string.Join(", ", EncodeOptions.Quality)}) into {outputPath}"))
        {
            return;
        }

        var request = new EncodeRequest
        {
            SourcePath = source,
            OutputPath = outputPath,
            Qualities = EncodeOptions.Quality,
            SegmentDuration = EncodeOptions.SegmentDuration,
            Preset = EncodeOptions.Preset,
            IFramePlaylists = !EncodeOptions.NoIFramePlaylist,
            Downloads = EncodeOptions.Download,
                Poster = !EncodeOptions.NoPoster,
                PosterTime = EncodeOptions.PosterTime,
                Storyboard = !EncodeOptions.NoStoryboard,
                NormalizeLoudness = !EncodeOptions.NoLoudnessNormalization,
            Force = Force,
            FfmpegPath = _ffmpegPath,
        };

        _videoNumber++;
        var fileName = System.IO.Path.GetFileName(source);
        EmitProgress(new ProgressRecord(JobActivityId, "Invoke-HlsEncode", $"Video {_videoNumber}: {fileName}"));
        var progress = new MediaProgressBar(this, VideoActivityId, JobActivityId, $"Encoding {fileName}");
        RunItem(token => _encoder!.EncodeAsync(request, progress, token), whenDone: progress.Complete);
    }
}
