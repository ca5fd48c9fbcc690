using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LocalPlatform;

public sealed record S3ControlAnswer(int Status, JsonNode? Body);

public sealed class S3Control(HttpClient http)
{
    public Task<S3ControlAnswer> AddFaultAsync(JsonNode fault, CancellationToken cancel) =>
        SendAsync(HttpMethod.Post, "faults", fault, cancel);

    public Task<S3ControlAnswer> ResetAsync(CancellationToken cancel) =>
        SendAsync(HttpMethod.Post, "reset", new JsonObject(), cancel);

    public Task<S3ControlAnswer> PutCountsAsync(CancellationToken cancel) => SendAsync(HttpMethod.Get, "puts", null, cancel);

    public Task<S3ControlAnswer> RequestsAsync(CancellationToken cancel) => SendAsync(HttpMethod.Get, "requests", null, cancel);

    private async Task<S3ControlAnswer> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(method, "/__control/" + path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await http.SendAsync(request, cancel);
        var text = await response.Content.ReadAsStringAsync(cancel);
        return new S3ControlAnswer((int)response.StatusCode, string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text));
    }
}
