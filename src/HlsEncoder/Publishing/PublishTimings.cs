namespace HlsEncoder.Publishing;

/// <summary>How long each phase of a run took; a phase that an earlier run finished takes (almost) nothing.</summary>
public sealed record PublishTimings(TimeSpan Encoding, TimeSpan Transcription, TimeSpan Upload, TimeSpan FileRecord, TimeSpan Total)
{
    public static PublishTimings None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public override string ToString() =>
        $"encode {Encoding.TotalSeconds:0.0} s, transcribe {Transcription.TotalSeconds:0.0} s, upload {Upload.TotalSeconds:0.0} s, record {FileRecord.TotalSeconds:0.0} s";
}
