using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace HlsEncoder;

/// <summary>
/// An exclusive lock on a file, held by this process until disposed and released by the operating system
/// when the process dies however it dies, so a killed run never leaves a stale lock. Taking it never
/// waits: a run that finds it held learns who holds it and moves on.
/// <para>
/// Unix: flock (LOCK_EX) through FileShare.None; Windows: a share mode that admits readers only. The
/// holder deletes the file while it still holds it, so a finished run leaves nothing behind; a killed
/// one leaves its details there for the next taker (<see cref="Previous"/>). Since a taker may lock a
/// file that its holder has just deleted, every taker checks, by its nonce, that the file at the path
/// is the one it locked, and tries again when it is not.
/// </para>
/// </summary>
internal sealed partial class FileLock : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly TimeSpan HolderWriteWait = TimeSpan.FromMilliseconds(10);
    private readonly FileStream _stream;

    private FileLock(string path, FileStream stream, LockHolder holder, LockHolder? previous)
    {
        Path = path;
        _stream = stream;
        Holder = holder;
        Previous = previous;
    }

    public string Path { get; }

    public LockHolder Holder { get; private set; }

    /// <summary>What the last holder, now gone, left in the file; null for a new file.</summary>
    public LockHolder? Previous { get; }

    /// <summary>
    /// Takes the lock, or returns null with <paramref name="current"/> naming the holder (null when
    /// its details cannot be read yet: it took the lock a moment ago).
    /// </summary>
    /// <exception cref="HlsEncoderException">ErrorId "LockFailed" when the lock file cannot be created or opened at all.</exception>
    public static FileLock? TryAcquire(string path, LockHolder holder, out LockHolder? current)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(holder);
        var full = System.IO.Path.GetFullPath(path);
        for (var attempt = 1; ; attempt++)
        {
            FileStream stream;
            try
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
                stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, OperatingSystem.IsWindows() ? FileShare.Read | FileShare.Delete : FileShare.None, bufferSize: 0);
            }
            catch (Exception e) when (e is IOException io && IsHeldByAnother(io) || e is UnauthorizedAccessException && OperatingSystem.IsWindows() && File.Exists(full))
            {
                // (On Windows a file its holder is deleting refuses every open: it is as good as held.)
                current = ReadLiveHolder(full);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new HlsEncoderException("LockFailed", e is UnauthorizedAccessException ? FailureKind.PermissionDenied : FailureKind.OperationFailed,
                    $"The lock file {full} cannot be created or opened ({e.Message}). Check that its folder is writable.", full, e);
            }

            var mine = holder with { Nonce = Guid.NewGuid().ToString("N") };
            var previous = Parse(ReadAll(stream));
            var taken = new FileLock(full, stream, mine, previous);
            taken.Write(mine);
            if (ReadHolder(full)?.Nonce == mine.Nonce)
            {
                if (OperatingSystem.IsWindows())
                {
                    File.SetAttributes(full, File.GetAttributes(full) | FileAttributes.Hidden);
                }

                current = mine;
                return taken;
            }

            // The file was deleted by its last holder between our open and our lock: lock the one at the path now.
            stream.Dispose();
            if (attempt == 5)
            {
                current = ReadLiveHolder(full);
                return null;
            }
        }
    }

    /// <summary>Who holds the lock at <paramref name="path"/> right now, read without taking it; null when nobody does or it cannot be told.</summary>
    public static LockHolder? ReadHolder(string path)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
                return Parse(ReadAll(reader));
            }

            // Any FileStream on Unix asks flock for a shared lock, which the holder's exclusive one refuses:
            // read through a plain descriptor instead.
            var descriptor = Open(path, 0);
            if (descriptor < 0)
            {
                return null;
            }

            using var handle = new SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
            var bytes = new byte[Math.Min(RandomAccess.GetLength(handle), 64 * 1024)];
            var read = RandomAccess.Read(handle, bytes, 0);
            return Parse(bytes.AsSpan(0, read).ToArray());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The details of the live holder of a lock that is held: a holder writes them a moment after it
    /// takes the lock, and until then the file is empty or still holds a dead holder's, so an empty file
    /// or a holder on this host that is no longer running is read again for a short while.
    /// </summary>
    private static LockHolder? ReadLiveHolder(string path)
    {
        LockHolder? holder = null;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            holder = ReadHolder(path);
            if (holder is not null && (holder.Host != Environment.MachineName || holder.Process.IsRunning()))
            {
                return holder;
            }

            Thread.Sleep(HolderWriteWait);
        }

        return holder is not null && holder.Host != Environment.MachineName ? holder : null;
    }

    /// <summary>Rewrites the holder's details, e.g. when it starts or ends an external program.</summary>
    public void Update(Func<LockHolder, LockHolder> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_stream)
        {
            Holder = change(Holder);
            Write(Holder);
        }
    }

    /// <summary>Deletes the file while still holding it, then releases it.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in place, it is a lock file like any other: the next taker locks it and deletes it.
        }

        _stream.Dispose();
    }

    private void Write(LockHolder holder)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(holder, Json);
        try
        {
            // Written whole, then cut to size: a reader sees the old details or the new, never a half.
            _stream.Position = 0;
            _stream.Write(bytes);
            _stream.SetLength(bytes.Length);
            _stream.Flush();
        }
        catch (IOException)
        {
            // The details are a courtesy to other runs; the lock itself holds without them.
        }
    }

    private static byte[] ReadAll(FileStream stream)
    {
        var bytes = new byte[Math.Min(stream.Length, 64 * 1024)];
        stream.Position = 0;
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static LockHolder? Parse(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<LockHolder>(bytes, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>EWOULDBLOCK from flock (11 on Linux, 35 on macOS), or a sharing or lock violation on Windows.</summary>
    private static bool IsHeldByAnother(IOException e) =>
        OperatingSystem.IsWindows() ? (e.HResult & 0xFFFF) is 32 or 33
        : OperatingSystem.IsMacOS() ? e.HResult == 35
        : e.HResult == 11;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
