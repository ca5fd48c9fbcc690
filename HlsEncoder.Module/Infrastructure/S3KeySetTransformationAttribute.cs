using System.Collections;
using System.Management.Automation;
using System.Text.Json;
using HlsEncoder.Backend;

namespace HlsEncoder.Module.Infrastructure;

/// <summary>
/// Accepts S3 keys as an S3KeySet (from Send-HlsToS3), a hashtable or object with Master, Qualities,
/// Transcript, IFrames, Downloads, Poster and Thumbnails, or the contract's JSON text, so that a record can also be registered by hand.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class S3KeySetTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        try
        {
            return value switch
            {
                S3KeySet keys => keys,
                string json => JsonSerializer.Deserialize<S3KeySet>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                    ?? throw new ArgumentTransformationMetadataException("The S3 keys JSON is empty."),
                IDictionary table => FromProperties(name => Find(table, name)),
                PSCustomObject => FromProperties(name => ((PSObject)inputData).Properties[name]?.Value),
                _ => throw new ArgumentTransformationMetadataException(Usage($"a {value?.GetType().Name ?? "null"}")),
            };
        }
        catch (JsonException e)
        {
            throw new ArgumentTransformationMetadataException(Usage($"JSON that could not be read ({e.Message})"), e);
        }
    }

    private static S3KeySet FromProperties(Func<string, object?> get) => new()
    {
        Master = Unwrap(get("Master"))?.ToString() ?? throw new ArgumentTransformationMetadataException(Usage("keys without 'Master'")),
        Qualities = ToDictionary(get("Qualities")) ?? new Dictionary<string, string>(),
        Transcript = ToDictionary(get("Transcript")) is { Count: > 0 } transcript ? transcript : null,
        IFrames = ToDictionary(get("IFrames")) is { Count: > 0 } iFrames ? iFrames : null,
        Downloads = ToDictionary(get("Downloads")) is { Count: > 0 } downloads ? downloads : null,
        Poster = Unwrap(get("Poster"))?.ToString() is { Length: > 0 } poster ? poster : null,
        Thumbnails = Unwrap(get("Thumbnails"))?.ToString() is { Length: > 0 } thumbnails ? thumbnails : null,
    };

    private static Dictionary<string, string>? ToDictionary(object? value) => Unwrap(value) switch
    {
        null => null,
        IDictionary table => table.Keys.Cast<object>().ToDictionary(k => k.ToString()!, k => Unwrap(table[k])?.ToString() ?? string.Empty, StringComparer.Ordinal),
        PSCustomObject when value is PSObject custom => custom.Properties.ToDictionary(p => p.Name, p => Unwrap(p.Value)?.ToString() ?? string.Empty, StringComparer.Ordinal),
        var other => throw new ArgumentTransformationMetadataException(Usage($"'{other}' where a name-to-key table was expected")),
    };

    private static object? Find(IDictionary table, string name) =>
        table.Keys.Cast<object>().FirstOrDefault(k => string.Equals(k.ToString(), name, StringComparison.OrdinalIgnoreCase)) is { } key ? table[key] : null;

    private static object? Unwrap(object? value) => value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : value;

    private static string Usage(string got) =>
        $"S3Keys needs the contract's shape: @{{ Master = 'courses/.../master.m3u8'; Qualities = @{{ '720p' = 'courses/.../720p/index.m3u8' }}; Transcript = @{{ srt = '...' }} }}; got {got}.";
}
