using System.Management.Automation;
using Microsoft.PowerShell.Commands;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>
/// Resolves -Path (wildcards) and -LiteralPath (alias PSPath) arguments to file-system paths through
/// the PowerShell provider, as the FileSystem cmdlets do: relative to the current location, with
/// PSDrives and provider-qualified paths (what Get-ChildItem pipes as PSPath). A path that names no
/// wildcard is returned even when it does not exist, so that the command reports it for that item.
/// </summary>
internal static class PathResolver
{
    /// <summary>A path a user gave (relative to the current location, a PSDrive), as the file system names it; null stays null.</summary>
    public static string? ProviderPath(PSCmdlet cmdlet, string? path)
    {
        ArgumentNullException.ThrowIfNull(cmdlet);
        return path is null ? null : cmdlet.GetUnresolvedProviderPathFromPSPath(path);
    }

    /// <param name="onError">Receives one error per argument that cannot be a file-system path.</param>
    public static IEnumerable<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal, Action<ErrorRecord> onError)
    {
        ArgumentNullException.ThrowIfNull(cmdlet);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(onError);
        foreach (var path in paths)
        {
            IReadOnlyList<string> resolved;
            ProviderInfo provider;
            try
            {
                if (literal || !WildcardPattern.ContainsWildcardCharacters(path))
                {
                    resolved = [cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(literal ? path : Unescape(path), out provider, out _)];
                }
                else
                {
                    resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                    if (resolved.Count == 0)
                    {
                        cmdlet.WriteVerbose($"No file matches '{path}'.");
                    }
                }
            }
            catch (ItemNotFoundException)
            {
                cmdlet.WriteVerbose($"No file matches '{path}'.");
                continue;
            }
            catch (Exception e) when (e is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or PSArgumentException or NotSupportedException)
            {
                onError(ErrorRecords.Create("PathNotResolved", ErrorCategory.InvalidArgument, $"Cannot resolve '{path}': {e.Message}", path));
                continue;
            }

            if (provider.ImplementingType != typeof(FileSystemProvider))
            {
                onError(ErrorRecords.Create("NotAFileSystemPath", ErrorCategory.InvalidArgument,
                    $"'{path}' is on the {provider.Name} provider; give a file-system path.", path));
                continue;
            }

            foreach (var item in resolved)
            {
                yield return item;
            }
        }
    }

    private static string Unescape(string path) => WildcardPattern.Unescape(path);
}
