namespace LocalPlatform;

public static class S3ScriptLocator
{
    private static readonly string RelativePath = Path.Combine("tools", "LocalPlatform", "s3");

    // The build output (output/LocalPlatform) sits in the repository, so the node side is found by walking up.
    public static string Find(string? explicitDirectory)
    {
        if (explicitDirectory is not null)
        {
            return explicitDirectory;
        }
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, RelativePath);
            if (File.Exists(Path.Combine(candidate, "s3-server.js")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"{RelativePath} not found above {AppContext.BaseDirectory}; pass --s3-dir");
    }
}
