using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace HlsEncoder.Tests.LocalPlatform;

// One running `dotnet LocalPlatform.dll`: started, read until its ready line, stopped with SIGTERM.
internal sealed class PlatformProcess : IAsyncDisposable
{
    public const string ReadyPrefix = "LocalPlatform ready: ";
    private const int SigTerm = 15;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly Process process;

    private PlatformProcess(Process process, JsonElement info)
    {
        this.process = process;
        Info = info;
    }

    public JsonElement Info { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public static async Task<PlatformProcess> StartAsync(
        IReadOnlyList<string> arguments, string infoFile, ConcurrentQueue<string> stdout, ConcurrentQueue<string> stderr)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = LocalPlatformBuild.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(LocalPlatformBuild.PlatformDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }
            stdout.Enqueue(line.Data);
            if (line.Data.StartsWith(ReadyPrefix, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                stderr.Enqueue(line.Data);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"LocalPlatform exited ({process.ExitCode}) before it was ready: {string.Join('\n', stderr)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(ReadyTimeout);
            using var info = JsonDocument.Parse(await File.ReadAllTextAsync(infoFile));
            return new PlatformProcess(process, info.RootElement.Clone());
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public Task WaitForExitAsync(TimeSpan timeout) => process.WaitForExitAsync().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            if (OperatingSystem.IsWindows() || Kill(process.Id, SigTerm) != 0)
            {
                process.Kill(entireProcessTree: true);
            }
            try
            {
                await WaitForExitAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                await WaitForExitAsync(StopTimeout);
            }
        }
        process.Dispose();
    }

    public static string Arg(int value) => value.ToString(CultureInfo.InvariantCulture);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
