using System.Globalization;

namespace LocalPlatform;

public sealed record PlatformOptions(
    int Port,
    int S3Port,
    string? DataPath,
    string? InfoFile,
    int? ParentPid,
    string? S3ScriptDirectory,
    int PresignExpirySeconds)
{
    public const int MaxPresignExpirySeconds = 604800;

    public static PlatformOptions Parse(IReadOnlyList<string> args)
    {
        var options = new PlatformOptions(0, 0, null, null, null, null, 3600);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value");
            }
            var value = args[++i];
            options = name switch
            {
                "--port" => options with { Port = ParsePort(name, value) },
                "--s3-port" => options with { S3Port = ParsePort(name, value) },
                "--data" => options with { DataPath = Path.GetFullPath(value) },
                "--info-file" => options with { InfoFile = Path.GetFullPath(value) },
                "--parent-pid" => options with { ParentPid = ParseInt(name, value, 1, int.MaxValue) },
                "--s3-dir" => options with { S3ScriptDirectory = Path.GetFullPath(value) },
                "--presign-expiry-seconds" => options with { PresignExpirySeconds = ParseInt(name, value, 1, MaxPresignExpirySeconds) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }
        return options;
    }

    private static int ParsePort(string name, string value) => ParseInt(name, value, 0, 65535);

    private static int ParseInt(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw new ArgumentException($"{name} must be a whole number from {min} to {max}");
        }
        return number;
    }
}
