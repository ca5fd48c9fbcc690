using System.Management.Automation;

namespace HlsEncoder.Module.Parameters;

/// <summary>How many threads Whisper transcribes with: -Threads (Invoke-Transcription, Publish-HlsVideo).</summary>
public sealed class WhisperThreadsParameters
{
    /// <summary>Null when not given: whisper.cpp then chooses.</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int? Threads { get; set; }
}
