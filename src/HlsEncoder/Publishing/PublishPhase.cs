namespace HlsEncoder.Publishing;

/// <summary>The job's phases, with the original converter's split of one progress bar.</summary>
public enum PublishPhase
{
    Encoding,
    Transcription,
    Upload,
    FileRecord,
    Complete,
}
