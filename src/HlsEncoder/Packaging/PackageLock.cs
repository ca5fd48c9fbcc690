using System.Collections.Immutable;

namespace HlsEncoder.Packaging;

/// <summary>
/// The exclusive lock on a package folder (or any folder the engine writes a whole into, such as a
/// transcript folder): the file .{folder}.lock beside it, since the folder itself is replaced by a move.
/// Encoding, transcription, upload and publishing hold it while they write, so two runs never work on
/// one package at once; the second is refused at once, naming the first, instead of waiting for hours.
/// <para>
/// A lock is held per asynchronous flow: the phases of one publish (encode, transcribe, upload) run
/// inside the publisher's hold and share it, while a second publish in another runspace of the same
/// process is refused like one in another process.
/// </para>
/// <para>
/// The holder records the ffmpeg it runs. A run that takes the lock over from a holder that died
/// (kill -9, a crashed host process) stops that ffmpeg first if it is still running, so that two
/// encoders never write the same package; where the operating system ties children to their parent
/// (Linux, Windows), there is nothing left to stop.
/// </para>
/// </summary>
public sealed class PackageLock : IDisposable
{
    private static readonly AsyncLocal<ImmutableDictionary<string, PackageLock>> Held = new();
    private static readonly TimeSpan OrphanStopWait = TimeSpan.FromSeconds(5);

    private readonly FileLock? _file;
    private readonly string _folder;
    private readonly PackageLock? _outer;
    private bool _disposed;

    private PackageLock(string folder, FileLock? file, PackageLock? outer)
    {
        _folder = folder;
        _file = file;
        _outer = outer;
    }

    /// <summary>The lock file of <paramref name="folder"/>: .{name}.lock beside it.</summary>
    public static string PathFor(string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return Path.Combine(Path.GetDirectoryName(full) ?? full, $".{Path.GetFileName(full)}.lock");
    }

    /// <summary>
    /// Takes the lock on <paramref name="folder"/> for <paramref name="activity"/> (a phrase such as
    /// "encoding lecture.mp4"), or joins the hold this flow already has on it.
    /// </summary>
    /// <param name="inUseErrorId">The ErrorId of the refusal when another run holds it, such as "PackageInProgress".</param>
    /// <exception cref="HlsEncoderException">The folder is locked by another run (or another flow of this one).</exception>
    public static PackageLock Hold(string folder, string activity, string inUseErrorId, IOperationLog log, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentException.ThrowIfNullOrEmpty(activity);
        ArgumentNullException.ThrowIfNull(log);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var held = Held.Value ?? ImmutableDictionary.Create<string, PackageLock>(PathComparer);
        if (held.TryGetValue(full, out var outer))
        {
            return new PackageLock(full, file: null, outer);
        }

        var holder = new LockHolder { Process = ProcessIdentity.Current, Activity = activity, Since = (time ?? TimeProvider.System).GetUtcNow() };
        FileLock? file;
        LockHolder? current;
        try
        {
            file = FileLock.TryAcquire(PathFor(full), holder, out current);
        }
        catch (HlsEncoderException e) when (e.ErrorId == "LockFailed")
        {
            throw new HlsEncoderException("OutputWriteFailed", e.Kind,
                $"{full} cannot be written: {e.Message}", full, e);
        }

        if (file is null)
        {
            throw InUse(full, inUseErrorId, current);
        }

        var taken = new PackageLock(full, file, outer: null);
        Held.Value = held.SetItem(full, taken);
        StopOrphan(file.Previous, full, log);
        return taken;
    }

    /// <summary>
    /// Lets the calling flow share this hold, as if it had taken it: for work whose steps run in different
    /// flows (a publish prepared in one task and completed in another). Dispose the result to leave.
    /// </summary>
    public IDisposable Share()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var root = _outer ?? this;
        var held = Held.Value ?? ImmutableDictionary.Create<string, PackageLock>(PathComparer);
        if (held.TryGetValue(_folder, out var current) && current == root)
        {
            return new Sharing(null);
        }

        Held.Value = held.SetItem(_folder, root);
        return new Sharing(_folder);
    }

    /// <summary>Who holds the lock on <paramref name="folder"/>, read without taking it; null when nobody does.</summary>
    public static LockHolder? Holder(string folder) => FileLock.ReadHolder(PathFor(folder));

    /// <summary>Records the external program now writing into the package, so a later run can stop it if this one dies.</summary>
    public void Track(ProcessIdentity child)
    {
        ArgumentNullException.ThrowIfNull(child);
        RootFile.Update(holder => holder with { Child = child });
    }

    /// <summary>The program recorded by <see cref="Track"/> has ended.</summary>
    public void Untrack() => RootFile.Update(holder => holder with { Child = null });

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_file is not null)
        {
            Held.Value = (Held.Value ?? ImmutableDictionary.Create<string, PackageLock>(PathComparer)).Remove(_folder);
            _file.Dispose();
        }
    }

    private FileLock RootFile => _file ?? _outer!.RootFile;

    private sealed class Sharing(string? folder) : IDisposable
    {
        public void Dispose()
        {
            if (folder is not null && Held.Value is { } held)
            {
                Held.Value = held.Remove(folder);
            }
        }
    }

    private static StringComparer PathComparer => HostPlatform.Current.PathComparer;

    private static void StopOrphan(LockHolder? previous, string folder, IOperationLog log)
    {
        if (previous?.Child is not { } child || previous.Process == ProcessIdentity.Current)
        {
            return;
        }

        if (child.Stop(OrphanStopWait))
        {
            log.Warning($"Stopped {child}, which process {previous.Process.Id} on {previous.Host} left running when it ended without stopping it ({previous.Activity}, in {folder}).");
        }
    }

    private static HlsEncoderException InUse(string folder, string errorId, LockHolder? holder) =>
        new(errorId, FailureKind.ResourceExists,
            holder is null
                ? $"{folder} is in use by another run that has just started. This run leaves it alone; run again once that one has finished."
                : $"{folder} is in use: {holder}. This run leaves it alone; run again once that one has finished (or stop process {holder.Process.Id} on {holder.Host}).",
            folder);
}
