using System.Collections.Concurrent;

namespace HlsEncoder.Tests.Infrastructure;

/// <summary>Keeps every line the engine logs, to assert on what an operator would read.</summary>
public sealed class RecordingLog : IOperationLog
{
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>The run-log events, each its name and fields.</summary>
    public ConcurrentQueue<(string Name, IReadOnlyDictionary<string, object?> Fields)> Events { get; } = new();

    public void Verbose(string message) => Lines.Enqueue($"VERBOSE: {message}");

    public void Debug(string message) => Lines.Enqueue($"DEBUG: {message}");

    public void Warning(string message) => Lines.Enqueue($"WARNING: {message}");

    public void Event(string name, params (string Key, object? Value)[] fields) =>
        Events.Enqueue((name, fields.ToDictionary(f => f.Key, f => f.Value)));

    public string All => string.Join('\n', Lines);
}
