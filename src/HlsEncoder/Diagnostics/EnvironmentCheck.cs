namespace HlsEncoder.Diagnostics;

/// <summary>
/// One thing Test-HlsEncoderEnvironment checked: its name, how it went, what was found, and for a
/// warning or a failure exactly what to do about it.
/// </summary>
public sealed record EnvironmentCheck
{
    /// <summary>The check's stable name, such as "ffmpeg" or "Backend" (see <see cref="EnvironmentCheckNames"/>).</summary>
    public required string Name { get; init; }

    public required EnvironmentCheckStatus Status { get; init; }

    /// <summary>What was found: versions, paths, free space, or what is wrong.</summary>
    public required string Detail { get; init; }

    /// <summary>What to do, for a warning or a failure; null when the check passed.</summary>
    public string? Fix { get; init; }

    public static EnvironmentCheck Passed(string name, string detail) =>
        new() { Name = name, Status = EnvironmentCheckStatus.Passed, Detail = detail };

    public static EnvironmentCheck Warning(string name, string detail, string fix) =>
        new() { Name = name, Status = EnvironmentCheckStatus.Warning, Detail = detail, Fix = fix };

    public static EnvironmentCheck Failed(string name, string detail, string fix) =>
        new() { Name = name, Status = EnvironmentCheckStatus.Failed, Detail = detail, Fix = fix };

    public override string ToString() => Fix is null ? $"{Name}: {Status}: {Detail}" : $"{Name}: {Status}: {Detail} Fix: {Fix}";
}
