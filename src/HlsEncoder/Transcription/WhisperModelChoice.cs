namespace HlsEncoder.Transcription;

/// <summary>The model file a transcription uses, its display name, and which setting chose it.</summary>
public sealed record WhisperModelChoice(string Path, string Name, string ChosenBy);
