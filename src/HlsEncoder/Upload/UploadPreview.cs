namespace HlsEncoder.Upload;

/// <summary>What an upload would do: the whole plan and the files that still need sending.</summary>
public sealed record UploadPreview(UploadPlan Plan, IReadOnlyList<UploadItem> Pending);
