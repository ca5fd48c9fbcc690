using System.Runtime.InteropServices;

namespace HlsEncoder.Transcription;

/// <summary>
/// Gives memory that whisper.cpp freed back to the operating system. glibc keeps freed blocks in
/// per-thread arenas; whisper.cpp allocates and frees a state of tens of megabytes per call, from
/// changing threads, so without trimming a long recording's resident memory creeps up chunk by chunk
/// although nothing leaks. Elsewhere (Windows, macOS, musl) this does nothing.
/// </summary>
internal static class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    public static void Trim()
    {
        if (_unavailable)
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
        }
    }

    // DllImport rather than LibraryImport: the signature is blittable, and the engine is not compiled with unsafe code.
    [DllImport("libc", EntryPoint = "malloc_trim", ExactSpelling = true)]
    private static extern int MallocTrim(nuint pad);
}
