using System.Management.Automation;
using HlsEncoder.Configuration;
using HlsEncoder.Module.Parameters;
using HlsEncoder.Transcription;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>
/// Chooses the Whisper model (-Model, -ModelName, WHISPER_MODEL_PATH, the cache) and creates the
/// transcriber, which checks the model file before any audio is decoded.
/// </summary>
internal static class TranscriberFactory
{
    /// <exception cref="HlsEncoderException">ModelNotFound or ModelInvalid, saying how to get a model.</exception>
    public static Transcriber Create(PSCmdlet cmdlet, HlsEncoderConfiguration configuration, WhisperModelParameters model, int? threads, IOperationLog log)
    {
        ArgumentNullException.ThrowIfNull(model);
        var cache = WhisperModelCache.ResolveFolder(PathResolver.ProviderPath(cmdlet, configuration.GetValue(SettingNames.WhisperModelDir)));
        var choice = WhisperModelResolver.Resolve(
            PathResolver.ProviderPath(cmdlet, model.Model),
            model.ModelName,
            PathResolver.ProviderPath(cmdlet, configuration.GetValue(SettingNames.WhisperModelPath)),
            cache);
        cmdlet.WriteVerbose($"Whisper model: {choice.Path} (chosen by {choice.ChosenBy}{(choice.ChosenBy == SettingNames.WhisperModelPath ? $" from {configuration.GetSource(SettingNames.WhisperModelPath)}" : string.Empty)}).");
        return new Transcriber(new TranscriptionOptions
        {
            ModelPath = choice.Path,
            ModelName = choice.Name,
            FfmpegPath = configuration.GetValue(SettingNames.FfmpegPath),
            DefaultLanguage = configuration.DefaultLanguage,
            Threads = threads,
        }, log);
    }
}
