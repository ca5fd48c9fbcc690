namespace HlsEncoder.Transcription;

/// <summary>
/// A verified model file in the model cache, as Save-WhisperModel returns it. The path is ModelPath (not
/// Path) so that piping it on never binds it as a recording to transcribe.
/// </summary>
public sealed class WhisperModelFile
{
    public required string Name { get; init; }

    public required string ModelPath { get; init; }

    public required long Size { get; init; }

    /// <summary>Lower-case hexadecimal SHA-1, the checksum whisper.cpp publishes for its models.</summary>
    public required string Sha1 { get; init; }

    public required string Sha256 { get; init; }

    /// <summary>False when the model was already in the cache and verified.</summary>
    public required bool Downloaded { get; init; }

    /// <summary>Where it was (or would have been) downloaded from.</summary>
    public required string Url { get; init; }

    public override string ToString() => ModelPath;
}
