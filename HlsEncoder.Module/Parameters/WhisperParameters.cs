using System.Management.Automation;
using HlsEncoder.Module.Infrastructure;

namespace HlsEncoder.Module.Parameters;

/// <summary>Which Whisper model transcribes, and with how many threads: -Model, -ModelName, -Threads (Invoke-Transcription, Publish-HlsVideo).</summary>
public sealed class WhisperParameters
{
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Model { get; set; }

    [Parameter]
    [ValidateWhisperModelName]
    [ArgumentCompleter(typeof(WhisperModelNameCompleter))]
    public string? ModelName { get; set; }

    /// <summary>Null when not given: Whisper then uses one thread per core.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int? Threads { get; set; }
}
