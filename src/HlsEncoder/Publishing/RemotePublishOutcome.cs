using HlsEncoder.Upload;

namespace HlsEncoder.Publishing;

/// <summary>What a worker did: the complete upload (its package path as the worker sees it) and how long each phase took there.</summary>
public sealed record RemotePublishOutcome(UploadResult Upload, TimeSpan EncodeTime, TimeSpan TranscribeTime, TimeSpan UploadTime);
