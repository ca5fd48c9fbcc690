namespace HlsEncoder.Configuration;

public sealed record SettingDefinition(string Name, string? DefaultValue, string Description, bool IsSecret = false)
{
    /// <summary>Every setting HlsEncoder reads, in the order a person reads them.</summary>
    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        new(SettingNames.BackendUrl, null, "Base URL of the course platform's backend; https unless the host is localhost, 127.0.0.1 or ::1."),
        new(SettingNames.AuthToken, null, "The admin's JWT for the backend. Never shown, logged or saved.", IsSecret: true),
        new(SettingNames.DefaultLanguage, "en", "Language used when -Language is not given: en, es, fr, de, ar or hi."),
        new(SettingNames.PresignExactEndpoint, "/api/v1/admin/content/aws/uploadUrlExact", "Backend route that presigns one PUT URL for an exact S3 key."),
        new(SettingNames.FileCreateEndpoint, "/api/v1/admin/content/files", "Backend route that creates a File record."),
        new(SettingNames.AuthValidateEndpoint, "/api/v1/admin/auth/me", "Backend route that validates the token (Test-BackendConnection)."),
        new(SettingNames.RequestTimeoutSeconds, "30", "Seconds one backend request may take before it counts as timed out and is retried."),
        new(SettingNames.S3KeyLayout, "Video", "Video: each video in a folder of its own, courses/{courseId}/{language}/{videoKey}/. Course: the original flat courses/{courseId}/{language}/, for a platform with one video per course and language."),
        new(SettingNames.FfmpegPath, null, "ffmpeg executable (or its folder); ffprobe is looked for beside it. Default: found on PATH."),
        new(SettingNames.WhisperModelPath, null, "Whisper ggml model file used when -Model and -ModelName are not given."),
        new(SettingNames.WhisperModelDir, null, "Folder of downloaded Whisper models (-ModelName, Save-WhisperModel). Default: $XDG_CACHE_HOME/HlsEncoder/models, ~/.cache/HlsEncoder/models, or %LOCALAPPDATA%\\HlsEncoder\\models on Windows."),
        new(SettingNames.WhisperModelBaseUrl, null, "Where Save-WhisperModel downloads ggml-<name>.bin from (a mirror); https unless the host is localhost. Default: huggingface.co/ggerganov/whisper.cpp."),
        new(SettingNames.LogPath, null, "File that the long-running commands append their run log to, one JSON object per event (-LogPath). Default: no log."),
    ];

    public static SettingDefinition Get(string name) =>
        All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"'{name}' is not an HlsEncoder setting.", nameof(name));
}
