using System.Globalization;

namespace HlsEncoder.Transcription;

/// <summary>How far a model download is.</summary>
public sealed class ModelDownloadProgress
{
    public required string Name { get; init; }

    public long BytesReceived { get; init; }

    /// <summary>The file's size, once the server has said it.</summary>
    public long? TotalBytes { get; init; }

    public double? BytesPerSecond { get; init; }

    public TimeSpan? TimeLeft { get; init; }

    /// <summary>What the download is doing, such as "verifying" or "resuming at 40.0 MiB".</summary>
    public string? Activity { get; init; }

    public double? Percent => TotalBytes is > 0 ? Math.Min(100, BytesReceived * 100.0 / TotalBytes.Value) : null;

    public override string ToString() =>
        Activity ?? (string.Create(CultureInfo.InvariantCulture, $"{BytesReceived / 1048576.0:0.0}") +
        (TotalBytes is { } total ? string.Create(CultureInfo.InvariantCulture, $" of {total / 1048576.0:0.0} MiB") : " MiB") +
        (BytesPerSecond is { } speed ? string.Create(CultureInfo.InvariantCulture, $", {speed / 1048576.0:0.0} MiB/s") : string.Empty));
}
