using System.Text.Json.Nodes;

namespace LocalPlatform;

public sealed record LoggedRequest(
    DateTimeOffset Time,
    string Method,
    ContractRoute Route,
    string Path,
    int Status,
    bool HasAuthorization,
    string? Key,
    string? ContentType)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["time"] = JsonText.Time(Time),
            ["method"] = Method,
            ["route"] = ContractRoutes.Name(Route),
            ["path"] = Path,
            ["status"] = Status,
            ["hasAuthorization"] = HasAuthorization,
        };
        if (Key is not null)
        {
            json["key"] = Key;
        }
        if (ContentType is not null)
        {
            json["contentType"] = ContentType;
        }
        return json;
    }
}

public sealed class RequestLog
{
    private readonly Lock gate = new();
    private readonly List<LoggedRequest> entries = [];

    public void Add(LoggedRequest entry)
    {
        lock (gate)
        {
            entries.Add(entry);
        }
    }

    public JsonArray ToJson()
    {
        lock (gate)
        {
            return new JsonArray(entries.Select(entry => (JsonNode?)entry.ToJson()).ToArray());
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }
}
