using System.Diagnostics;
using System.Globalization;

namespace LocalPlatform;

public sealed class S3Sidecar : IDisposable
{
    private const string ReadyPrefix = "ready ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(3);

    private readonly Process process;
    private readonly Task<string> stderrTail;

    private S3Sidecar(Process process, int port, Task<string> stderrTail)
    {
        this.process = process;
        Port = port;
        this.stderrTail = stderrTail;
        Exited = process.WaitForExitAsync();
    }

    public int Port { get; }

    public int ProcessId => process.Id;

    public Task Exited { get; }

    public static async Task<S3Sidecar> StartAsync(string scriptDirectory, int port, string objectDirectory, bool resetOnExit)
    {
        var script = Path.Combine(scriptDirectory, "s3-server.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"{script} not found (use --s3-dir)");
        }
        if (!Directory.Exists(Path.Combine(scriptDirectory, "node_modules", "@20minutes", "s3rver")))
        {
            throw new InvalidOperationException($"the S3 server's packages are missing: run npm ci --prefix {scriptDirectory}");
        }
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = scriptDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment["DIR"] = objectDirectory;
        start.Environment["RESET"] = resetOnExit ? "1" : "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stderrTail = process.StandardError.ReadToEndAsync();
        try
        {
            var actualPort = await ReadReadyPortAsync(process);
            return new S3Sidecar(process, actualPort, stderrTail);
        }
        catch
        {
            Kill(process);
            var stderr = await stderrTail;
            throw new InvalidOperationException($"the S3 server did not start: {stderr.Trim()}");
        }
    }

    public string FailureOutput() => stderrTail.IsCompletedSuccessfully ? stderrTail.Result.Trim() : "";

    public void Dispose()
    {
        if (!process.HasExited)
        {
            // Closing stdin is node's signal to stop; the kill below only covers a node that hangs.
            process.StandardInput.Close();
            if (!process.WaitForExit(StopGrace))
            {
                Kill(process);
            }
        }
        process.Dispose();
    }

    private static async Task<int> ReadReadyPortAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(ReadyPrefix, StringComparison.Ordinal)
                && int.TryParse(line.AsSpan(ReadyPrefix.Length), CultureInfo.InvariantCulture, out var port))
            {
                DrainInBackground(process.StandardOutput);
                return port;
            }
        }
        throw new InvalidOperationException("node exited before it was ready");
    }

    private static void DrainInBackground(StreamReader reader) => _ = reader.BaseStream.CopyToAsync(Stream.Null);

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(StopGrace);
        }
        catch (InvalidOperationException)
        {
            // It is gone already.
        }
    }
}
