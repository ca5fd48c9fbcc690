namespace HlsEncoder.Upload;

/// <summary>
/// When a file may be uploaded: media (segments, transcripts) first, then the playlists that list
/// them, then the master playlist, so that a player never finds a playlist pointing at missing objects.
/// </summary>
public enum UploadStage
{
    Media = 0,
    Playlists = 1,
    Master = 2,
}
