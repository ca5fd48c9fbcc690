using System.Diagnostics;

namespace HlsEncoder.Tests.LocalPlatform;

// Finds the platform's build output by path and builds it (dotnet build, npm ci) only when it is missing or stale.
public static class LocalPlatformBuild
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string PlatformDll => Path.Combine(RepoRoot, "output", "LocalPlatform", "LocalPlatform.dll");

    public static string SourceFolder => Path.Combine(RepoRoot, "tools", "LocalPlatform");

    public static string S3Folder => Path.Combine(SourceFolder, "s3");

    public static async Task EnsureBuiltAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (IsStale())
            {
                await RunAsync("dotnet", ["build", Path.Combine(SourceFolder, "LocalPlatform.csproj"), "-c", "Release",
                    "-o", Path.Combine(RepoRoot, "output", "LocalPlatform"), "-nologo", "-v", "quiet"]);
            }
            if (!Directory.Exists(Path.Combine(S3Folder, "node_modules", "@20minutes", "s3rver")))
            {
                await RunAsync("npm", ["ci", "--prefix", S3Folder, "--no-audit", "--no-fund", "--loglevel", "error"]);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static bool IsStale()
    {
        if (!File.Exists(PlatformDll))
        {
            return true;
        }
        var built = File.GetLastWriteTimeUtc(PlatformDll);
        return Directory.EnumerateFiles(SourceFolder, "*.cs*", SearchOption.TopDirectoryOnly)
            .Any(source => File.GetLastWriteTimeUtc(source) > built);
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(BuildTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }

    private static string FindRepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "HlsEncoder.slnx")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"HlsEncoder.slnx not found above {AppContext.BaseDirectory}");
    }
}
