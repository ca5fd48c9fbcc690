using System.ComponentModel;
using System.Diagnostics;

namespace HlsEncoder.TestAssets;

/// <summary>Runs a command-line tool to completion and fails with a clear message when it is missing or fails.</summary>
public static class ExternalTool
{
    public const string InstallHint = "install it with: apt-get install -y ffmpeg espeak-ng";

    /// <returns>What the tool wrote to standard output.</returns>
    public static string Run(string program, params string[] arguments) => RunToEnd(program, arguments).Output;

    /// <returns>What the tool wrote to standard error, where ffmpeg's filters (ebur128, ssim) print their results.</returns>
    public static string RunForErrorOutput(string program, params string[] arguments) => RunToEnd(program, arguments).Errors;

    private static (string Output, string Errors) RunToEnd(string program, string[] arguments)
    {
        var startInfo = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"'{program}' did not start.");
        }
        catch (Win32Exception notFound)
        {
            throw new InvalidOperationException($"'{program}' was not found on PATH; {InstallHint}.", notFound);
        }

        using (process)
        {
            // Both pipes drain at once: a tool that fills one while we wait on the other would hang.
            var standardOutput = process.StandardOutput.ReadToEndAsync();
            var standardError = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"'{program} {string.Join(' ', arguments)}' exited with {process.ExitCode}: {standardError.Result.Trim()}");
            }

            return (standardOutput.Result, standardError.Result);
        }
    }
}
