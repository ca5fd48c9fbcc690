using System.Globalization;
using HlsEncoder.Configuration;
using HlsEncoder.Transcription;

namespace HlsEncoder.Diagnostics;

/// <summary>
/// The Whisper model a transcription would use, chosen by the same rule (<see cref="WhisperModelResolver"/>:
/// -Model, -ModelName, WHISPER_MODEL_PATH, then the default model in the cache) and read by the same
/// validator the transcriber runs first (<see cref="GgmlModelValidator"/>), without loading it.
/// </summary>
public static class WhisperModelCheck
{
    /// <param name="modelPath">-Model, a full path, or null.</param>
    /// <param name="modelName">-ModelName, or null.</param>
    /// <param name="settingPath">WHISPER_MODEL_PATH as a full path, or null.</param>
    /// <param name="cacheFolder">The model cache (WHISPER_MODEL_DIR or the user's cache folder).</param>
    public static EnvironmentCheck Run(string? modelPath, string? modelName, string? settingPath, string cacheFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheFolder);
        const string Name = EnvironmentCheckNames.WhisperModel;
        var defaultName = WhisperModelCatalog.DefaultModelName;
        var download = $"Save-WhisperModel -ModelName {defaultName}";
        WhisperModelChoice choice;
        try
        {
            choice = WhisperModelResolver.Resolve(modelPath, modelName, settingPath, cacheFolder);
        }
        catch (HlsEncoderException e) when (e.ErrorId == "ModelNotFound")
        {
            var path = e.Target as string ?? cacheFolder;
            if (!string.IsNullOrWhiteSpace(modelPath))
            {
                return EnvironmentCheck.Failed(Name, $"The model file {path} (-Model) does not exist.",
                    $"Pass -Model with the path of an existing ggml model file, or download one with: {download}, and pass -ModelName {defaultName}.");
            }

            if (!string.IsNullOrWhiteSpace(modelName))
            {
                var name = WhisperModelCatalog.Normalize(modelName);
                return EnvironmentCheck.Failed(Name, $"The model '{name}' (-ModelName) is not in the model cache: {path} does not exist.",
                    $"Download it with: Save-WhisperModel -ModelName {name}");
            }

            if (!string.IsNullOrWhiteSpace(settingPath))
            {
                return EnvironmentCheck.Failed(Name, $"{SettingNames.WhisperModelPath} names the model file {path}, which does not exist.",
                    $"Set {SettingNames.WhisperModelPath} to an existing ggml model file, or remove it and download the default model with: {download}");
            }

            return EnvironmentCheck.Failed(Name,
                $"No model is set (-Model, -ModelName or {SettingNames.WhisperModelPath}) and the default model '{defaultName}' is not in the model cache: {path} does not exist.",
                $"Download it with: {download} (about {Size(defaultName)}). Or set {SettingNames.WhisperModelPath} to a ggml model file. A machine that never transcribes can skip this check (-SkipModel).");
        }
        catch (HlsEncoderException e)
        {
            // Two choices at once, or a name that cannot be a model's.
            return EnvironmentCheck.Failed(Name, e.Message, "Give either -Model (a model file) or -ModelName (a model in the cache), with a valid value.");
        }

        GgmlModelInfo info;
        try
        {
            info = GgmlModelValidator.Validate(choice.Path);
        }
        catch (HlsEncoderException e)
        {
            var inCache = choice.ChosenBy is "-ModelName" or "default";
            var fix = e.ErrorId == "ModelUnreadable"
                ? $"Give this user read access to {choice.Path}, or choose another model file."
                : inCache
                    ? $"Download it again, replacing the broken file: Save-WhisperModel -ModelName {choice.Name} -Force"
                    : $"Replace {choice.Path} (chosen by {choice.ChosenBy}) with a complete ggml model file (an interrupted download is the usual cause), or download a checked one with: {download}, and use -ModelName {defaultName}.";
            return EnvironmentCheck.Failed(Name, e.Message, fix);
        }

        var mib = (info.Size / (1024.0 * 1024.0)).ToString("0", CultureInfo.InvariantCulture);
        return EnvironmentCheck.Passed(Name,
            $"{choice.Path} (chosen by {choice.ChosenBy}): a {info.Kind} model, {(info.IsMultilingual ? "multilingual" : "English only")}, {info.WeightType} weights, {mib} MiB.");
    }

    private static string Size(string name) =>
        WhisperModelCatalog.Find(name) is { } entry ? $"{entry.ApproximateMiB.ToString(CultureInfo.InvariantCulture)} MiB" : "a few hundred MiB";
}
