using System.Text.Json;
using System.Text.Json.Serialization;

namespace HlsEncoder.Publishing;

/// <summary>
/// The publications of one package, kept as a hidden file beside its folder (.{package}.publish.json),
/// so that they outlive -DeleteLocal. Version 2 lists every publication; version 1 (HlsEncoder 0.1, one
/// publication in the course layout) is read as a list of one, so what it published stays published
/// where it is. Only the holder of the package's lock writes it.
/// </summary>
internal sealed class PublicationStore(string packageFolder)
{
    public const int CurrentVersion = 2;

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>.{package}.publish.json beside the package folder.</summary>
    public string Path { get; } = System.IO.Path.Combine(
        System.IO.Path.GetDirectoryName(packageFolder) ?? packageFolder,
        $".{System.IO.Path.GetFileName(packageFolder)}.publish.json");

    public List<Publication> Load()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        try
        {
            using var stream = File.OpenRead(Path);
            using var document = JsonDocument.Parse(stream);
            var version = document.RootElement.TryGetProperty("version", out var v) && v.TryGetInt32(out var n) ? n : 0;
            return version switch
            {
                CurrentVersion => document.Deserialize<PublicationFile>(Options)?.Publications ?? [],
                1 => document.Deserialize<Publication>(Options) is { CourseId.Length: > 0 } single ? [single] : [],
                _ => throw new JsonException($"version {version} is neither 1 nor {CurrentVersion}"),
            };
        }
        catch (JsonException e)
        {
            throw new HlsEncoderException(
                "PublishStateInvalid", FailureKind.InvalidData,
                $"{Path} cannot be read ({e.Message}). Check the admin panel for this video's File records, then delete the file, or run again with -Force.", Path, e);
        }
    }

    public void Save(IReadOnlyList<Publication> publications) =>
        AtomicFile.Write(Path, stream => JsonSerializer.Serialize(stream, new PublicationFile { Publications = [.. publications] }, Options));

    private sealed class PublicationFile
    {
        [JsonPropertyName("version")]
        public int Version { get; set; } = CurrentVersion;

        [JsonPropertyName("publications")]
        public List<Publication> Publications { get; set; } = [];
    }
}
