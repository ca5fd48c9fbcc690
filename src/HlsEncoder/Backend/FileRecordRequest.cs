using System.Text.Json.Serialization;
using HlsEncoder.Validation;

namespace HlsEncoder.Backend;

/// <summary>The body of POST files, exactly the contract's shape; <see cref="Create"/> validates it first.</summary>
public sealed class FileRecordRequest
{
    private FileRecordRequest()
    {
    }

    [JsonPropertyName("name")]
    public string Name { get; private init; } = string.Empty;

    [JsonPropertyName("courseId")]
    public string CourseId { get; private init; } = string.Empty;

    [JsonPropertyName("language")]
    public string Language { get; private init; } = string.Empty;

    [JsonPropertyName("type")]
    public string Type { get; private init; } = "hls";

    [JsonPropertyName("s3Keys")]
    public S3KeySet S3Keys { get; private init; } = new();

    [JsonPropertyName("duration")]
    public long Duration { get; private init; }

    [JsonPropertyName("qualities")]
    public IReadOnlyList<string> Qualities { get; private init; } = [];

    [JsonPropertyName("uploadedBy")]
    public string UploadedBy { get; private init; } = ProductInfo.UploadedBy;

    /// <summary>Checks the record against the platform's rules and the keys against the target's folder.</summary>
    public static FileRecordRequest Create(PublishTarget target, S3KeySet keys, TimeSpan duration, IEnumerable<string> qualities)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(qualities);
        var qualityList = qualities.Where(q => !string.IsNullOrWhiteSpace(q)).Select(q => q.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var problems = new List<string>();
        if (duration < TimeSpan.Zero)
        {
            problems.Add($"Duration {duration.TotalSeconds} s is negative; give the video's length in seconds.");
        }

        if (qualityList.Length == 0)
        {
            problems.Add("At least one quality is required (e.g. 1080p, 720p, 480p).");
        }

        // Every key lies in the video's folder when it is known, and in the course's language folder in any case.
        var prefix = target.IsResolved ? target.Prefix : target.LanguagePrefix;
        if (string.IsNullOrWhiteSpace(keys.Master))
        {
            problems.Add("S3Keys.Master is required: the key of master.m3u8.");
        }
        else if (!keys.Master.StartsWith(prefix, StringComparison.Ordinal))
        {
            problems.Add($"S3Keys.Master '{keys.Master}' is not under {prefix}: the keys must belong to this course and language.");
        }

        foreach (var quality in qualityList.Where(q => !keys.Qualities.ContainsKey(q)))
        {
            problems.Add($"S3Keys.Qualities has no playlist key for '{quality}'.");
        }

        var named = keys.Qualities
            .Concat(keys.Transcript ?? new Dictionary<string, string>())
            .Concat((keys.IFrames ?? new Dictionary<string, string>()).Select(i => KeyValuePair.Create($"iframes {i.Key}", i.Value)))
            .Concat((keys.Downloads ?? new Dictionary<string, string>()).Select(d => KeyValuePair.Create($"downloads {d.Key}", d.Value)))
            .Concat(new[] { ("poster", keys.Poster), ("thumbnails", keys.Thumbnails) }.Where(k => k.Item2 is not null).Select(k => KeyValuePair.Create(k.Item1, k.Item2!)));
        foreach (var (name, key) in named)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                problems.Add($"S3 key for '{name}' ('{key}') is not under {prefix}.");
            }
        }

        if (problems.Count > 0)
        {
            throw new HlsEncoderException("InvalidFileRecord", FailureKind.InvalidArgument, string.Join(" ", problems), target.Name);
        }

        return new FileRecordRequest
        {
            Name = target.Name,
            CourseId = target.CourseId,
            Language = target.Language,
            S3Keys = new S3KeySet
            {
                Master = keys.Master,
                Qualities = qualityList.ToDictionary(q => q, q => keys.Qualities[q]),
                Transcript = keys.Transcript is { Count: > 0 } t ? new Dictionary<string, string>(t) : null,
                IFrames = keys.IFrames is { Count: > 0 } i ? new Dictionary<string, string>(i) : null,
                Downloads = keys.Downloads is { Count: > 0 } d ? new Dictionary<string, string>(d) : null,
                Poster = string.IsNullOrEmpty(keys.Poster) ? null : keys.Poster,
                Thumbnails = string.IsNullOrEmpty(keys.Thumbnails) ? null : keys.Thumbnails,
            },
            Duration = (long)Math.Round(duration.TotalSeconds, MidpointRounding.AwayFromZero),
            Qualities = qualityList,
        };
    }
}
