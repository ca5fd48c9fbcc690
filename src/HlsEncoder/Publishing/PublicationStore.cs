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

    private static readonly VersionedJsonFile<PublicationFile> StoreFile = new VersionedJsonFile<PublicationFile>(new JsonSerializerOptions { WriteIndented = true })
        .Accept(CurrentVersion)
        .Accept<Publication>(1, single => new PublicationFile { Publications = single is { CourseId.Length: > 0 } ? [single] : [] });

    /// <summary>.{package}.publish.json beside the package folder.</summary>
    public string Path { get; } = System.IO.Path.Combine(
        System.IO.Path.GetDirectoryName(packageFolder) ?? packageFolder,
        $".{System.IO.Path.GetFileName(packageFolder)}.publish.json");

    public List<Publication> Load() =>
        StoreFile.Read(Path, (problem, cause) => new HlsEncoderException(
            "PublishStateInvalid", FailureKind.InvalidData,
            $"{Path} {problem}. Check the admin panel for this video's File records, then delete the file, or run again with -Force.", Path, cause))
        ?.Publications ?? [];

    public void Save(IReadOnlyList<Publication> publications) =>
        StoreFile.Write(Path, new PublicationFile { Publications = [.. publications] });

    private sealed class PublicationFile
    {
        [JsonPropertyName("version")]
        public int Version { get; set; } = CurrentVersion;

        [JsonPropertyName("publications")]
        public List<Publication> Publications { get; set; } = [];
    }
}
