using HlsEncoder.Packaging;
using HlsEncoder.Validation;

namespace HlsEncoder.Publishing;

/// <summary>
/// A video between the two stages of <see cref="HlsPublisher"/>: its package held (the lock beside it),
/// its publication found or started, and, once prepared, the encoded and transcribed package. Dispose it
/// to let go of the package; a video that was published already needs no second stage.
/// </summary>
public sealed class PreparedPublication : IDisposable
{
    private readonly PackageLock _lock;
    private readonly PublicationStore _store;
    private readonly List<Publication> _publications;

    internal PreparedPublication(
        PublishRequest request, FileInfo source, string packagePath, PackageLock packageLock, PublicationStore store, List<Publication> publications,
        Publication publication, string sourceHash, long started, HlsPublisher.PhaseReporter report)
    {
        Request = request;
        Source = source;
        PackagePath = packagePath;
        _lock = packageLock;
        _store = store;
        _publications = publications;
        Publication = publication;
        SourceHash = sourceHash;
        Started = started;
        Report = report;
    }

    public PublishRequest Request { get; }

    /// <summary>Where the video goes: its course, language, name and folder.</summary>
    public PublishTarget Target => Publication.Target();

    /// <summary>The encoded package (transcribed once the second stage ran); null until prepared, and for a video published already.</summary>
    public HlsPackage? Package { get; internal set; }

    /// <summary>True when an earlier run published it: the second stage only reports that.</summary>
    public bool IsPublished => Publication.IsPublished;

    internal FileInfo Source { get; }

    internal string FileName => Source.Name;

    internal string PackagePath { get; set; }

    internal Publication Publication { get; }

    internal string SourceHash { get; }

    internal long Started { get; }

    internal HlsPublisher.PhaseReporter Report { get; }

    internal TimeSpan EncodeTime { get; set; }

    internal TimeSpan TranscribeTime { get; set; }

    internal TimeSpan UploadTime { get; set; }

    /// <summary>Lets the calling flow work on the package under this publication's hold (the stages run in different tasks).</summary>
    internal IDisposable Share() => _lock.Share();

    /// <summary>Writes the publication's state beside the package.</summary>
    internal void Save() => _store.Save(_publications);

    public void Dispose() => _lock.Dispose();
}
