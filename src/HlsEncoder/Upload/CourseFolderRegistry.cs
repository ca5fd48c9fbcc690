using System.Text.Json;
using System.Text.Json.Serialization;
using HlsEncoder.Validation;

namespace HlsEncoder.Upload;

/// <summary>
/// What this machine has put in each course-layout folder (courses/{courseId}/{language}/, the original
/// converter's flat layout): one small file per folder in the user's state folder
/// (<see cref="UserFolderKind.State"/>), and a lock beside it that an upload to that folder holds. Every video
/// uploaded there overwrites the one before (and leaves its extra segments behind), so an upload of a
/// different video is refused unless forced, with a message that says what would be overwritten.
/// </summary>
public sealed class CourseFolderRegistry(string folder)
{
    /// <summary>No version: an entry has had none since it was introduced, and a field it does not know is ignored.</summary>
    private static readonly VersionedJsonFile<CourseFolderOccupant> Entries = new(
        new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull });

    /// <summary>Where the entries are kept.</summary>
    public string Folder { get; } = folder;

    /// <summary>The registry in the current user's state folder.</summary>
    public static CourseFolderRegistry ForCurrentUser() => new(Path.Combine(UserFolders.For(UserFolderKind.State), "course-folders"));

    /// <summary>
    /// Takes the folder for <paramref name="occupant"/>: holds its lock until disposed, and records the
    /// video as the folder's occupant. Refuses when another run is uploading there, or when the folder
    /// holds a different video and <paramref name="force"/> is not set.
    /// </summary>
    /// <exception cref="HlsEncoderException">CourseFolderInUse or PublicationInProgress.</exception>
    internal IDisposable Claim(PublishTarget target, CourseFolderOccupant occupant, bool force, IOperationLog log)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(occupant);
        var name = $"{target.CourseId}.{target.Language}";
        var holder = new LockHolder { Process = ProcessIdentity.Current, Activity = $"uploading '{occupant.Name}' to {target.LanguagePrefix}", Since = DateTimeOffset.UtcNow };
        var held = FileLock.TryAcquire(Path.Combine(Folder, name + ".lock"), holder, out var current)
            ?? throw new HlsEncoderException("PublicationInProgress", FailureKind.ResourceExists,
                $"{target.LanguagePrefix} is being uploaded to by {(current is null ? "another run" : current.ToString())}. This run leaves it alone; run again once that one has finished.",
                target.LanguagePrefix);
        try
        {
            var entryPath = Path.Combine(Folder, name + ".json");
            if (Read(entryPath) is { } before && before.ContentHash != occupant.ContentHash)
            {
                if (!force)
                {
                    throw new HlsEncoderException("CourseFolderInUse", FailureKind.ResourceExists,
                        $"{target.LanguagePrefix} already holds {before.Describe()}, uploaded from this machine on {before.ClaimedAt:u}. " +
                        $"Uploading '{occupant.Name}' ({occupant.Source}) there would overwrite its master.m3u8, playlists and transcript, and its File record would then play the new video. " +
                        "Use the per-video layout (-KeyLayout Video, the default), or add -Force to replace it.",
                        target.LanguagePrefix);
                }

                log.Warning($"Replacing {before.Describe()} in {target.LanguagePrefix} (-Force): its File record now plays '{occupant.Name}', and segments it had beyond the new video's stay in the bucket.");
            }

            Entries.Write(entryPath, occupant);
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Notes the File record made for what the course-layout folder of <paramref name="target"/> holds.</summary>
    internal void RecordFileRecord(PublishTarget target, string fileRecordId)
    {
        var entryPath = Path.Combine(Folder, $"{target.CourseId}.{target.Language}.json");
        if (Read(entryPath) is { } entry)
        {
            Entries.Write(entryPath, entry with { FileRecordId = fileRecordId });
        }
    }

    /// <summary>What this machine last put in the course-layout folder of <paramref name="target"/>, or null.</summary>
    internal CourseFolderOccupant? Find(PublishTarget target) => Read(Path.Combine(Folder, $"{target.CourseId}.{target.Language}.json"));

    private static CourseFolderOccupant? Read(string path) =>
        Entries.Read(path, (problem, cause) => new HlsEncoderException("StateInvalid", FailureKind.InvalidData,
            $"{path} {problem}. Delete it if no course-layout upload is running; HlsEncoder then no longer knows what that folder holds.", path, cause));
}

/// <summary>The video a course-layout folder holds, as this machine put it there.</summary>
internal sealed record CourseFolderOccupant
{
    public required string Name { get; init; }

    /// <summary>The source video, or the package folder when it has none.</summary>
    public required string Source { get; init; }

    public required string ContentHash { get; init; }

    public required DateTimeOffset ClaimedAt { get; init; }

    public string? FileRecordId { get; init; }

    public string Describe() =>
        $"'{Name}' ({Source}{(FileRecordId is null ? string.Empty : $", File record {FileRecordId}")})";
}
