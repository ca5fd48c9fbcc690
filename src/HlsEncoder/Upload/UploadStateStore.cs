using System.Text.Json;

namespace HlsEncoder.Upload;

/// <summary>
/// Keeps .upload_state.json in the package folder, one state per S3 prefix. The file is written
/// atomically; between writes each finished file is appended as one line to .upload_state.journal, so a
/// killed process loses at most the files that were in flight, without rewriting a large file after
/// every segment. Only the holder of the package's lock writes here.
/// </summary>
internal sealed class UploadStateStore : IDisposable
{
    public const string FileName = ".upload_state.json";
    public const string JournalName = ".upload_state.journal";

    /// <summary>Version 2 keeps a state per prefix; version 1 (HlsEncoder 0.1) was one target's state, read as its only one.</summary>
    private static readonly VersionedJsonFile<UploadStateFile> Snapshot = new VersionedJsonFile<UploadStateFile>(new JsonSerializerOptions { WriteIndented = true })
        .Accept(UploadStateFile.CurrentVersion)
        .Accept<UploadState>(1, FromVersion1);

    private static readonly JsonSerializerOptions Compact = new();
    private readonly string _snapshotPath;
    private readonly string _journalPath;
    private readonly object _gate = new();
    private UploadStateFile? _file;
    private FileStream? _journal;

    public UploadStateStore(string packageFolder)
    {
        _snapshotPath = Path.Combine(packageFolder, FileName);
        _journalPath = Path.Combine(packageFolder, JournalName);
    }

    public bool Exists => File.Exists(_snapshotPath);

    /// <summary>The saved state for <paramref name="prefix"/> with the journal replayed onto it, or null when there is none.</summary>
    public UploadState? Load(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        lock (_gate)
        {
            _file ??= ReadFile();
            return _file.Targets.GetValueOrDefault(prefix);
        }
    }

    /// <summary>Writes every target's state atomically, with <paramref name="state"/> as its prefix's, and starts a new, empty journal.</summary>
    public void Save(UploadState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            _file ??= ReadFile();
            _file.Targets[state.Prefix] = state;
            Snapshot.Write(_snapshotPath, _file);
            _journal?.Dispose();
            _journal = new FileStream(_journalPath, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
    }

    /// <summary>Records one file's new state; it survives the process being killed right after.</summary>
    public void Append(string prefix, string relativePath, FileUploadState file)
    {
        lock (_gate)
        {
            _journal ??= new FileStream(_journalPath, FileMode.Append, FileAccess.Write, FileShare.Read);
            var line = JsonSerializer.SerializeToUtf8Bytes(new JournalEntry(prefix, relativePath, file), Compact);
            _journal.Write(line);
            _journal.WriteByte((byte)'\n');
            _journal.Flush();
        }
    }

    /// <summary>Writes the final state and drops the journal, which the file now covers.</summary>
    public void Close(UploadState state)
    {
        Save(state);
        lock (_gate)
        {
            _journal?.Dispose();
            _journal = null;
            File.Delete(_journalPath);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _journal?.Dispose();
            _journal = null;
        }
    }

    private UploadStateFile ReadFile()
    {
        if (Snapshot.Read(_snapshotPath, Invalid) is not { } file)
        {
            return new UploadStateFile();
        }

        Replay(file);
        return file;
    }

    private static UploadStateFile FromVersion1(UploadState? single)
    {
        var file = new UploadStateFile();
        if (single is { Prefix.Length: > 0 })
        {
            file.Targets[single.Prefix] = single;
        }

        return file;
    }

    private void Replay(UploadStateFile file)
    {
        if (!File.Exists(_journalPath))
        {
            return;
        }

        foreach (var line in File.ReadLines(_journalPath))
        {
            JournalEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<JournalEntry>(line);
            }
            catch (JsonException)
            {
                // The last line of a killed process may be cut short; every line before it is whole.
                break;
            }

            // A version 1 journal's lines name no prefix: they belong to its only target.
            var prefix = entry?.Prefix ?? (file.Targets.Count == 1 ? file.Targets.Keys.First() : null);
            if (entry is { Path: { } path, File: { } state } && prefix is not null && file.Targets.TryGetValue(prefix, out var target))
            {
                target.Files[path] = state;
            }
        }
    }

    private HlsEncoderException Invalid(string problem, Exception? inner) =>
        new("UploadStateInvalid", FailureKind.InvalidData, $"{_snapshotPath} {problem}. Run again with -Restart to upload every file afresh.", _snapshotPath, inner);

    private sealed record JournalEntry(
        [property: System.Text.Json.Serialization.JsonPropertyName("prefix")] string? Prefix,
        [property: System.Text.Json.Serialization.JsonPropertyName("path")] string Path,
        [property: System.Text.Json.Serialization.JsonPropertyName("file")] FileUploadState File);
}
