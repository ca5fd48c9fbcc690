namespace HlsEncoder.Publishing;

/// <summary>How long each phase of a run took; a phase that an earlier run finished takes (almost) nothing.</summary>
public sealed record PublishTimings(TimeSpan EncodeTime, TimeSpan TranscribeTime, TimeSpan UploadTime, TimeSpan RecordTime, TimeSpan TotalTime)
{
    public static PublishTimings None { get; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public override string ToString() =>
        $"encode {EncodeTime.TotalSeconds:0.0} s, transcribe {TranscribeTime.TotalSeconds:0.0} s, upload {UploadTime.TotalSeconds:0.0} s, record {RecordTime.TotalSeconds:0.0} s";
}
