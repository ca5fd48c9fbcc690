namespace HlsEncoder.Packaging;

/// <summary>What is at a package's output path before encoding.</summary>
internal enum OutputState
{
    Missing,
    EmptyFolder,
    Package,
    OtherFolder,
    File,
}

/// <summary>
/// The output folder's life: a package is encoded into a hidden folder beside its destination and moved
/// into place only when complete, so an interrupted encode never leaves half a package where a
/// complete one is expected. A folder that is not a package is never replaced, even with -Force.
/// </summary>
internal static class PackageFolder
{
    /// <summary>Where a source's package goes unless told otherwise: beside the source, named after it without its extension.</summary>
    public static string DefaultFor(string sourcePath)
    {
        var full = Path.GetFullPath(sourcePath);
        return Path.Combine(Path.GetDirectoryName(full) ?? full, Path.GetFileNameWithoutExtension(full));
    }

    public static OutputState Inspect(string outputPath)
    {
        if (File.Exists(outputPath))
        {
            return OutputState.File;
        }

        if (!Directory.Exists(outputPath))
        {
            return OutputState.Missing;
        }

        if (!Directory.EnumerateFileSystemEntries(outputPath).Any())
        {
            return OutputState.EmptyFolder;
        }

        return File.Exists(Path.Combine(outputPath, PackageManifest.FileName)) ? OutputState.Package : OutputState.OtherFolder;
    }

    /// <summary>Creates the hidden staging folder beside <paramref name="outputPath"/> (same volume, so the final move is a rename).</summary>
    public static string CreateStaging(string outputPath)
    {
        var parent = Path.GetDirectoryName(outputPath)
            ?? throw new HlsEncoderException("InvalidOutputPath", FailureKind.InvalidArgument, $"{outputPath} is a root folder; name a folder for the package.", outputPath);
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(outputPath)}.{Guid.NewGuid().ToString("N")[..8]}{StagingSuffix}");
        Directory.CreateDirectory(staging);
        return staging;
    }

    public const string StagingSuffix = ".hlsencoder-partial";

    private const string ReplacedSuffix = ".hlsencoder-replaced";

    /// <summary>
    /// Removes what runs that were killed left beside <paramref name="outputPath"/>: their staging folders
    /// and packages set aside for replacement. Only call it holding the package's lock, when no other
    /// run can be writing there.
    /// </summary>
    public static void RemoveLeftovers(string outputPath, IOperationLog log)
    {
        var parent = Path.GetDirectoryName(outputPath);
        if (parent is null || !Directory.Exists(parent))
        {
            return;
        }

        var name = Path.GetFileName(outputPath);
        foreach (var suffix in new[] { StagingSuffix, ReplacedSuffix })
        {
            foreach (var leftover in Directory.EnumerateDirectories(parent, $".{name}.*{suffix}"))
            {
                log.Verbose($"Removing {leftover}, left by a run that did not finish.");
                TryDelete(leftover, log);
            }
        }
    }

    /// <summary>Moves the finished package into place; an existing package there is replaced only after the new one is in place.</summary>
    public static void Publish(string staging, string outputPath, IOperationLog log)
    {
        string? replaced = null;
        switch (Inspect(outputPath))
        {
            case OutputState.EmptyFolder:
                Directory.Delete(outputPath);
                break;
            case OutputState.Package:
                replaced = staging[..^StagingSuffix.Length] + ReplacedSuffix;
                Directory.Move(outputPath, replaced);
                break;
            case OutputState.File or OutputState.OtherFolder:
                throw OutputInUse(outputPath);
        }

        try
        {
            Directory.Move(staging, outputPath);
        }
        catch (IOException) when (replaced is not null)
        {
            Directory.Move(replaced, outputPath);
            throw;
        }

        if (replaced is not null)
        {
            TryDelete(replaced, log);
        }
    }

    /// <summary>
    /// Deletes a package that is published and no longer needed here (-DeleteLocal), under its lock, so a
    /// package that another run is working on is never pulled from under it. The state files beside it
    /// stay: a later run still knows what was published.
    /// </summary>
    /// <exception cref="HlsEncoderException">PackageInProgress when another run holds the package.</exception>
    public static void DeletePublished(string packagePath, IOperationLog log)
    {
        ArgumentException.ThrowIfNullOrEmpty(packagePath);
        ArgumentNullException.ThrowIfNull(log);
        using var held = PackageLock.Hold(packagePath, "deleting the local package", "PackageInProgress", log);
        if (Directory.Exists(packagePath))
        {
            Directory.Delete(packagePath, recursive: true);
            log.Verbose($"Deleted {packagePath}.");
        }
    }

    public static void TryDelete(string folder, IOperationLog log)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning($"Could not remove {folder}: {e.Message}. Delete it by hand.");
        }
    }

    public static HlsEncoderException OutputInUse(string outputPath) =>
        File.Exists(outputPath)
            ? new("OutputPathIsFile", FailureKind.ResourceExists, $"The output path {outputPath} is a file. Name a folder for the package with -OutputPath.", outputPath)
            : new("OutputFolderInUse", FailureKind.ResourceExists,
                $"The output folder {outputPath} holds files that are not an HLS package; HlsEncoder never deletes them, even with -Force. Choose another -OutputPath or empty the folder.", outputPath);
}
