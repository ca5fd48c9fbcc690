namespace HlsEncoder.Transcription;

/// <summary>
/// Where a transcript is written: into a hidden folder inside its destination first, moved into place
/// only when every file is complete, so Ctrl+C or a failure never leaves a partial transcript where a
/// complete one is expected, nor an empty folder made for it. The old transcript's manifest goes first,
/// so an interrupted move can never leave a manifest that vouches for files it did not describe.
/// </summary>
internal sealed class TranscriptFolder : IDisposable
{
    public const string StagingSuffix = ".hlsencoder-partial";

    private readonly IOperationLog _log;
    private readonly bool _createdDestination;
    private bool _committed;

    private TranscriptFolder(string destination, string staging, bool createdDestination, IOperationLog log)
    {
        Destination = destination;
        Staging = staging;
        _createdDestination = createdDestination;
        _log = log;
    }

    public string Destination { get; }

    public string Staging { get; }

    public static TranscriptFolder Create(string destination, IOperationLog log)
    {
        if (File.Exists(destination))
        {
            throw new HlsEncoderException("OutputPathIsFile", FailureKind.ResourceExists,
                $"The output path {destination} is a file. Name a folder for the transcript with -OutputPath.", destination);
        }

        var created = !Directory.Exists(destination);
        Directory.CreateDirectory(destination);
        var staging = Path.Combine(destination, $".transcript.{Guid.NewGuid().ToString("N")[..8]}{StagingSuffix}");
        Directory.CreateDirectory(staging);
        return new TranscriptFolder(destination, staging, created, log);
    }

    /// <summary>Moves the transcript files (and the subtitles folder, when written) from staging into place.</summary>
    public void Commit(bool withSubtitles)
    {
        _committed = true;
        TranscriptManifest.Delete(Destination);
        foreach (var name in TranscriptFiles.Names)
        {
            File.Move(Path.Combine(Staging, name), Path.Combine(Destination, name), overwrite: true);
        }

        if (withSubtitles)
        {
            var subtitles = Path.Combine(Destination, SubtitleRenditionWriter.FolderName);
            var replaced = Path.Combine(Staging, "replaced-" + SubtitleRenditionWriter.FolderName);
            if (Directory.Exists(subtitles))
            {
                Directory.Move(subtitles, replaced);
            }

            Directory.Move(Path.Combine(Staging, SubtitleRenditionWriter.FolderName), subtitles);
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Staging))
            {
                Directory.Delete(Staging, recursive: true);
            }

            // A folder made for a transcript that never came is not left behind empty.
            if (_createdDestination && !_committed && !Directory.EnumerateFileSystemEntries(Destination).Any())
            {
                Directory.Delete(Destination);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Warning($"Could not remove {Staging}: {e.Message}. Delete it by hand.");
        }
    }
}
