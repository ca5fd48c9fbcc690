namespace HlsEncoder.Transcription;

/// <summary>Which model Save-WhisperModel fetches, from where, and how it is verified.</summary>
public sealed class ModelDownloadRequest
{
    /// <summary>tiny, base, small, medium, large-v3, ... (see <see cref="WhisperModelCatalog"/>).</summary>
    public required string Name { get; init; }

    /// <summary>The model cache folder (<see cref="WhisperModelCache.ResolveFolder"/>).</summary>
    public required string CacheFolder { get; init; }

    /// <summary>A mirror that serves ggml-{name}.bin (WHISPER_MODEL_BASE_URL); null uses the model's own repository.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The expected SHA-1, for a model the catalog does not know (or to pin another version).</summary>
    public string? Sha1 { get; init; }

    /// <summary>The expected SHA-256, instead of or with <see cref="Sha1"/>.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Download again even when a verified copy is in the cache.</summary>
    public bool Force { get; init; }
}
