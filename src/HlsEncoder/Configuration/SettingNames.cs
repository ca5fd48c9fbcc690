namespace HlsEncoder.Configuration;

/// <summary>The variable names a user sets in the environment or in a .env file.</summary>
public static class SettingNames
{
    public const string BackendUrl = "BACKEND_URL";
    public const string AuthToken = "AUTH_TOKEN";
    public const string DefaultLanguage = "DEFAULT_LANGUAGE";
    public const string PresignExactEndpoint = "PRESIGN_EXACT_ENDPOINT";
    public const string FileCreateEndpoint = "FILE_CREATE_ENDPOINT";
    public const string AuthValidateEndpoint = "AUTH_VALIDATE_ENDPOINT";
    public const string RequestTimeoutSeconds = "REQUEST_TIMEOUT_SECONDS";
    public const string S3KeyLayout = "S3_KEY_LAYOUT";
    public const string FfmpegPath = "FFMPEG_PATH";
    public const string WhisperModelPath = "WHISPER_MODEL_PATH";
    public const string WhisperModelDir = "WHISPER_MODEL_DIR";
    public const string WhisperModelBaseUrl = "WHISPER_MODEL_BASE_URL";
    public const string LogPath = "HLSENCODER_LOG_PATH";

    /// <summary>Names the .env file to read; only ever read from the environment itself.</summary>
    public const string EnvFile = "HLSENCODER_ENV_FILE";
}
