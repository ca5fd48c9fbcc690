using System.Text.Json.Nodes;

namespace LocalPlatform;

public sealed class ContractEndpoints(
    Presigner presigner, RuntimeSettings settings, FileRecordStore records, ObjectIds ids, TimeProvider clock)
{
    public const string BadJson = "Request body must be a JSON object";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(ContractRoutes.AuthPath, (RequestDelegate)MeAsync);
        app.MapPost(ContractRoutes.PresignPath, (RequestDelegate)PresignAsync);
        app.MapPost(ContractRoutes.FilesPath, (RequestDelegate)CreateFileAsync);
    }

    private static Task MeAsync(HttpContext context)
    {
        var user = (PlatformUser)context.Items[typeof(PlatformUser)]!;
        var data = new JsonObject { ["_id"] = user.Id, ["email"] = user.Email, ["name"] = user.Name, ["role"] = user.Role };
        return Envelope.WriteAsync(context, StatusCodes.Status200OK, data);
    }

    private async Task PresignAsync(HttpContext context)
    {
        if (await JsonBody.ReadObjectAsync(context) is not { } body)
        {
            await Envelope.ErrorAsync(context, StatusCodes.Status400BadRequest, BadJson);
            return;
        }
        if (UploadUrlRequest.Validate(body, out var problem) is not { } request)
        {
            await Envelope.ErrorAsync(context, StatusCodes.Status400BadRequest, problem!);
            return;
        }
        var upload = presigner.PresignPut(request.Key, request.ContentType, settings.PresignExpirySeconds);
        var data = new JsonObject
        {
            ["key"] = upload.Key,
            ["signedUrl"] = upload.SignedUrl,
            ["downloadUrl"] = upload.DownloadUrl,
        };
        await Envelope.WriteAsync(context, StatusCodes.Status200OK, data);
    }

    private async Task CreateFileAsync(HttpContext context)
    {
        if (await JsonBody.ReadObjectAsync(context) is not { } body)
        {
            await Envelope.ErrorAsync(context, StatusCodes.Status400BadRequest, BadJson);
            return;
        }
        if (FileRecordRules.Problem(body) is { } problem)
        {
            await Envelope.ErrorAsync(context, StatusCodes.Status400BadRequest, problem);
            return;
        }
        var record = new JsonObject { ["_id"] = ids.Next() };
        foreach (var (name, value) in body.Where(field => field.Key is not ("_id" or "createdAt")).ToList())
        {
            record[name] = value?.DeepClone();
        }
        record["createdAt"] = JsonText.Time(clock.GetUtcNow());
        records.Add(record);
        await Envelope.WriteAsync(context, StatusCodes.Status201Created, record);
    }
}
