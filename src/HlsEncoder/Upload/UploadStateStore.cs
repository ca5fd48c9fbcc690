using System.Text.Json;

namespace HlsEncoder.Upload;

/// <summary>
/// Keeps .upload_state.json in the package folder. The snapshot is written atomically; between
/// snapshots each finished file is appended as one line to .upload_state.journal, so a killed process
/// loses at most the files that were in flight, without rewriting a large file after every segment.
/// </summary>
internal sealed class UploadStateStore : IDisposable
{
    public const string FileName = ".upload_state.json";
    public const string JournalName = ".upload_state.journal";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly JsonSerializerOptions Compact = new();
    private readonly string _snapshotPath;
    private readonly string _journalPath;
    private readonly object _gate = new();
    private FileStream? _journal;

    public UploadStateStore(string packageFolder)
    {
        _snapshotPath = Path.Combine(packageFolder, FileName);
        _journalPath = Path.Combine(packageFolder, JournalName);
    }

    public bool Exists => File.Exists(_snapshotPath);

    /// <summary>The saved state with the journal replayed onto it, or null when there is none.</summary>
    public UploadState? Load()
    {
        if (!File.Exists(_snapshotPath))
        {
            return null;
        }

        UploadState? state;
        try
        {
            using var stream = File.OpenRead(_snapshotPath);
            state = JsonSerializer.Deserialize<UploadState>(stream);
        }
        catch (JsonException e)
        {
            throw new HlsEncoderException(
                "UploadStateInvalid", FailureKind.InvalidData,
                $"{_snapshotPath} cannot be read ({e.Message}). Run again with -Restart to upload every file afresh.", _snapshotPath, e);
        }

        if (state is null || state.Version != UploadState.CurrentVersion)
        {
            throw new HlsEncoderException(
                "UploadStateInvalid", FailureKind.InvalidData,
                $"{_snapshotPath} has version {state?.Version}; this HlsEncoder reads version {UploadState.CurrentVersion}. Run again with -Restart.", _snapshotPath);
        }

        Replay(state);
        return state;
    }

    /// <summary>Writes the whole state atomically and starts a new, empty journal.</summary>
    public void Save(UploadState state)
    {
        lock (_gate)
        {
            AtomicFile.Write(_snapshotPath, stream => JsonSerializer.Serialize(stream, state, Indented));
            _journal?.Dispose();
            _journal = new FileStream(_journalPath, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
    }

    /// <summary>Records one file's new state; it survives the process being killed right after.</summary>
    public void Append(string relativePath, FileUploadState file)
    {
        lock (_gate)
        {
            _journal ??= new FileStream(_journalPath, FileMode.Append, FileAccess.Write, FileShare.Read);
            var line = JsonSerializer.SerializeToUtf8Bytes(new JournalEntry(relativePath, file), Compact);
            _journal.Write(line);
            _journal.WriteByte((byte)'\n');
            _journal.Flush();
        }
    }

    /// <summary>Writes the final state and drops the journal, which the snapshot now covers.</summary>
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

    private void Replay(UploadState state)
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

            if (entry is { Path: { } path, File: { } file })
            {
                state.Files[path] = file;
            }
        }
    }

    private sealed record JournalEntry(
        [property: System.Text.Json.Serialization.JsonPropertyName("path")] string Path,
        [property: System.Text.Json.Serialization.JsonPropertyName("file")] FileUploadState File);
}
