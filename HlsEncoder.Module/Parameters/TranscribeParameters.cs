using System.Management.Automation;
using HlsEncoder.Module.Infrastructure;
using HlsEncoder.Transcription;

namespace HlsEncoder.Module.Parameters;

/// <summary>What Whisper is told and what it is spared: -Prompt and -NoSilenceSkip (Invoke-Transcription, Publish-HlsVideo).</summary>
public sealed class TranscribeParameters
{
    [Parameter]
    [ValidatePrompt]
    public string? Prompt { get; set; }

    [Parameter]
    public SwitchParameter NoSilenceSkip { get; set; }

    /// <summary>The request for one recording, in <paramref name="language"/>, with these options.</summary>
    public TranscriptionRequest Request(string language, bool translate = false, bool force = false) => new()
    {
        Language = language,
        Translate = translate,
        Force = force,
        Prompt = Prompt,
        SkipSilence = !NoSilenceSkip,
    };
}
