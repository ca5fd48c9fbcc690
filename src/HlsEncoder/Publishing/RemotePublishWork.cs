using HlsEncoder.Validation;

namespace HlsEncoder.Publishing;

/// <summary>What a worker is asked to do: the request as given, and the folder the video must land in (from its content).</summary>
/// <param name="SourceHash">The SHA-256 of the source's bytes, as this machine read them; the worker's copy must have the same.</param>
public sealed record RemotePublishWork(PublishRequest Request, PublishTarget Target, string SourceHash);
