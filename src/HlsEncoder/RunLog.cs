using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace HlsEncoder;

/// <summary>
/// The machine-readable log of unattended runs (-LogPath, HLSENCODER_LOG_PATH): one JSON object per line,
/// appended. Azure Automation drops the information stream and a transcript loses structure; this file
/// keeps every phase, upload, retry and error of a run as data. Several processes may append to one file
/// (the scheduled tasks of a course, or the hosts of a fan-out on a share): each line is written with one
/// append-only write (O_APPEND on Unix, FILE_APPEND_DATA on Windows), so lines never interleave or
/// overwrite one another. Callers pass no secret: the module redacts what it writes here.
/// </summary>
public sealed partial class RunLog : IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false };
    private readonly SafeFileHandle _file;
    private readonly object _gate = new();
    private readonly IReadOnlyDictionary<string, object?> _common;
    private readonly TimeProvider _time;

    private RunLog(string path, SafeFileHandle file, IReadOnlyDictionary<string, object?> common, TimeProvider time)
    {
        Path = path;
        _file = file;
        _common = common;
        _time = time;
    }

    public string Path { get; }

    /// <summary>Opens <paramref name="path"/> for appending (creating it and its folder), for the run of <paramref name="command"/>.</summary>
    /// <exception cref="HlsEncoderException">ErrorId "LogPathInvalid" when the file cannot be opened for appending.</exception>
    public static RunLog Open(string path, string command, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(command);
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            var common = new Dictionary<string, object?>
            {
                ["command"] = command,
                ["run"] = Guid.NewGuid().ToString("N"),
                ["host"] = Environment.MachineName,
                ["pid"] = Environment.ProcessId,
            };
            return new RunLog(full, OpenForAppending(full), common, time ?? TimeProvider.System);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Win32Exception)
        {
            throw new HlsEncoderException("LogPathInvalid", FailureKind.InvalidArgument,
                $"The log {full} cannot be opened for appending ({e.Message}). Give -LogPath (or HLSENCODER_LOG_PATH) a file in a folder you can write to.", full, e);
        }
    }

    /// <summary>The run's id: every line of this run carries it, so runs that share the file can be told apart.</summary>
    public string RunId => (string)_common["run"]!;

    /// <summary>Appends one event: its name, the time, the run's common fields (command, run, host, pid) and its own.</summary>
    public void Write(string name, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(fields);
        var line = new MemoryStream();
        using (var writer = new Utf8JsonWriter(line, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("time", _time.GetUtcNow());
            writer.WriteString("event", name);
            foreach (var (key, value) in _common.Concat(fields))
            {
                writer.WritePropertyName(key);
                JsonSerializer.Serialize(writer, value, value?.GetType() ?? typeof(object));
            }

            writer.WriteEndObject();
        }

        line.WriteByte((byte)'\n');
        var bytes = line.ToArray();
        lock (_gate)
        {
            AppendWhole(bytes);
        }
    }

    public void Dispose() => _file.Dispose();

    private void AppendWhole(byte[] bytes)
    {
        if (OperatingSystem.IsWindows())
        {
            // A handle opened with FILE_APPEND_DATA only: Windows puts every write at the end of the file.
            if (!WriteFile(_file, bytes, bytes.Length, out var written, IntPtr.Zero) || written != bytes.Length)
            {
                throw new IOException($"Could not append to {Path}.", Marshal.GetLastPInvokeError());
            }

            return;
        }

        // O_APPEND: the kernel moves to the end and writes as one step, for every process that has the file open.
        var done = Write(_file, bytes, bytes.Length);
        if (done != bytes.Length)
        {
            throw new IOException($"Could not append to {Path} (wrote {done} of {bytes.Length} bytes).", Marshal.GetLastPInvokeError());
        }
    }

    private static SafeFileHandle OpenForAppending(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            const uint fileAppendData = 0x0004;
            const uint shareAll = 0x1 | 0x2 | 0x4;
            const uint openAlways = 4;
            var handle = CreateFile(path, fileAppendData, shareAll, IntPtr.Zero, openAlways, 0x80, IntPtr.Zero);
            return handle.IsInvalid ? throw new Win32Exception(Marshal.GetLastPInvokeError()) : handle;
        }

        // O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC (no child inherits it), rw-r--r--; the values differ between Linux and macOS.
        var flags = OperatingSystem.IsMacOS() ? 0x1 | 0x200 | 0x8 | 0x1000000 : 0x1 | 0x40 | 0x400 | 0x80000;
        var descriptor = Open(path, flags, Convert.ToInt32("644", 8));
        return descriptor < 0 ? throw new Win32Exception(Marshal.GetLastPInvokeError()) : new SafeFileHandle((IntPtr)descriptor, ownsHandle: true);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(SafeFileHandle file, byte[] buffer, nint count);

    [LibraryImport("kernel32.dll", EntryPoint = "CreateFileW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    private static partial SafeFileHandle CreateFile(string path, uint access, uint share, IntPtr security, uint creation, uint attributes, IntPtr template);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool WriteFile(SafeFileHandle file, byte[] buffer, int count, out int written, IntPtr overlapped);
}
