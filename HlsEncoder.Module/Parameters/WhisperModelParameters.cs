using System.Management.Automation;
using HlsEncoder.Module.Infrastructure;

namespace HlsEncoder.Module.Parameters;

/// <summary>Which Whisper model: -Model (a file) or -ModelName (in the model cache) (Invoke-Transcription, Publish-HlsVideo, Test-HlsEncoderEnvironment).</summary>
public sealed class WhisperModelParameters
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Model { get; set; }

    [Parameter]
    [ValidateWhisperModelName]
    [ArgumentCompleter(typeof(WhisperModelNameCompleter))]
    public string? ModelName { get; set; }
}
