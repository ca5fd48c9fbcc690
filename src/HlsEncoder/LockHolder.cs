namespace HlsEncoder;

/// <summary>
/// Who holds a lock: the process (id and start time, so a reused id is not mistaken for it), where,
/// doing what, since when, and the external program it runs, if any. Written into the lock file so that
/// a run that meets the lock can name the holder, and a run that takes it over from a dead holder can
/// stop the program that holder left running. Never a token, a URL or a command line.
/// </summary>
public sealed record LockHolder
{
    public required ProcessIdentity Process { get; init; }

    public string Host { get; init; } = Environment.MachineName;

    public string User { get; init; } = Environment.UserName;

    /// <summary>What the holder is doing, as a phrase: "encoding", "publishing 'Session 1' to courses/...".</summary>
    public required string Activity { get; init; }

    public required DateTimeOffset Since { get; init; }

    /// <summary>The external program the holder runs for this work right now (an ffmpeg), or null.</summary>
    public ProcessIdentity? Child { get; init; }

    /// <summary>Unique to one taking of the lock: how the taker checks that the file it locked is still the one at the path.</summary>
    public string Nonce { get; init; } = string.Empty;

    public override string ToString() => $"process {Process.Id} on {Host} ({User}), {Activity} since {Since.UtcDateTime:u}";
}
