using System.Management.Automation;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>The progress records every cmdlet writes the same way.</summary>
internal static class ProgressRecords
{
    /// <summary>ProgressRecord.SecondsRemaining for a time left that may not be known yet (-1).</summary>
    public static int SecondsRemaining(TimeSpan? left) => left is { } known ? (int)Math.Ceiling(known.TotalSeconds) : -1;

    /// <summary>The record that takes a bar off the screen.</summary>
    public static ProgressRecord Completed(int activityId, string activity, int parentActivityId = -1) =>
        new(activityId, activity, "Done") { ParentActivityId = parentActivityId, RecordType = ProgressRecordType.Completed };
}

/// <summary>
/// An encode's or a transcription's progress (<see cref="MediaProgress"/>) as a child bar of the
/// command's: percent, speed and time left, and how much of the recording is done.
/// </summary>
internal sealed class MediaProgressBar(HlsEncoderCmdlet cmdlet, int activityId, int parentActivityId, string activity) : IProgress<MediaProgress>
{
    public void Report(MediaProgress value) =>
        cmdlet.EmitProgress(new ProgressRecord(activityId, activity, value.ToString())
        {
            ParentActivityId = parentActivityId,
            PercentComplete = (int)Math.Clamp(Math.Floor(value.Percent), 0, 100),
            SecondsRemaining = ProgressRecords.SecondsRemaining(value.TimeLeft),
            CurrentOperation = $@"{value.Processed:hh\:mm\:ss} of {value.Duration:hh\:mm\:ss}",
        });

    public void Complete() => cmdlet.EmitProgress(ProgressRecords.Completed(activityId, activity, parentActivityId));
}
