using System.Text;
using System.Text.Json.Nodes;

namespace LocalPlatform;

public sealed class FileRecordStore
{
    private readonly string path;
    private readonly Lock gate = new();
    private readonly List<JsonObject> records;

    public FileRecordStore(string path)
    {
        this.path = path;
        records = File.Exists(path)
            ? JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(node => node!.AsObject().DeepClone().AsObject()).ToList()
            : [];
    }

    public JsonObject Add(JsonObject record)
    {
        lock (gate)
        {
            records.Add(record.DeepClone().AsObject());
            Save();
        }
        return record;
    }

    public JsonArray All()
    {
        lock (gate)
        {
            return new JsonArray(records.Select(record => (JsonNode?)record.DeepClone()).ToArray());
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            records.Clear();
            Save();
        }
    }

    private void Save()
    {
        var json = new JsonArray(records.Select(record => (JsonNode?)record.DeepClone()).ToArray()).ToJsonString(JsonText.Options);
        SecureFile.WriteAtomically(path, Encoding.UTF8.GetBytes(json), ownerOnly: false);
    }
}
