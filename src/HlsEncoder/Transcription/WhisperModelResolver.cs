using HlsEncoder.Configuration;

namespace HlsEncoder.Transcription;

/// <summary>
/// Picks the model file, first match wins: -Model (a path), -ModelName (a name in the model cache),
/// WHISPER_MODEL_PATH, then the default model's name in the cache. A missing model is an error that says
/// how to get one, raised before any audio is decoded.
/// </summary>
public static class WhisperModelResolver
{
    public static WhisperModelChoice Resolve(string? modelPath, string? modelName, string? settingPath, string cacheFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheFolder);
        if (!string.IsNullOrWhiteSpace(modelPath) && !string.IsNullOrWhiteSpace(modelName))
        {
            throw new HlsEncoderException("ModelParametersConflict", FailureKind.InvalidArgument,
                "Give either -Model (a model file) or -ModelName (a model in the model cache), not both.");
        }

        if (!string.IsNullOrWhiteSpace(modelPath))
        {
            var path = Path.GetFullPath(modelPath.Trim());
            return File.Exists(path)
                ? new WhisperModelChoice(path, WhisperModelCatalog.NameFromFile(path), "-Model")
                : throw NotFound(path, $"The Whisper model {path} (-Model) does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(modelName))
        {
            var name = WhisperModelCatalog.Normalize(modelName);
            var path = WhisperModelCache.PathOf(cacheFolder, name);
            return File.Exists(path)
                ? new WhisperModelChoice(path, name, "-ModelName")
                : throw NotFound(path, $"The Whisper model '{name}' is not in the model cache ({cacheFolder}).", name);
        }

        if (!string.IsNullOrWhiteSpace(settingPath))
        {
            var path = Path.GetFullPath(settingPath.Trim());
            return File.Exists(path)
                ? new WhisperModelChoice(path, WhisperModelCatalog.NameFromFile(path), SettingNames.WhisperModelPath)
                : throw NotFound(path, $"{SettingNames.WhisperModelPath} names the Whisper model {path}, which does not exist.");
        }

        var defaultPath = WhisperModelCache.PathOf(cacheFolder, WhisperModelCatalog.DefaultModelName);
        return File.Exists(defaultPath)
            ? new WhisperModelChoice(defaultPath, WhisperModelCatalog.DefaultModelName, "default")
            : throw NotFound(defaultPath,
                $"No Whisper model is set (-Model, -ModelName or {SettingNames.WhisperModelPath}) and the default model '{WhisperModelCatalog.DefaultModelName}' is not in the model cache ({cacheFolder}).");
    }

    private static HlsEncoderException NotFound(string path, string problem, string name = WhisperModelCatalog.DefaultModelName) =>
        new("ModelNotFound", FailureKind.NotFound,
            $"{problem} Download it once with: Save-WhisperModel -ModelName {name} (or pass -Model with the path of a ggml model file).", path);
}
