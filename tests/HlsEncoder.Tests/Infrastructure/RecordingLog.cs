using System.Collections.Concurrent;

namespace HlsEncoder.Tests.Infrastructure;

/// <summary>Keeps every line the engine logs, to assert on what an operator would read.</summary>
public sealed class RecordingLog : IOperationLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public void Verbose(string message) => Lines.Enqueue($"VERBOSE: {message}");

    public void Debug(string message) => Lines.Enqueue($"DEBUG: {message}");

    public void Warning(string message) => Lines.Enqueue($"WARNING: {message}");

    public string All => string.Join('\n', Lines);
}
