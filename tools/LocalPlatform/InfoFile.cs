using System.Text.Json.Nodes;

namespace LocalPlatform;

public sealed record PlatformInfo(
    string BackendUrl, string S3Url, string PublicBaseUrl, string AdminToken, string UserToken, string ExpiredToken, int S3Pid, string DataPath)
{
    public static void Write(string path, PlatformInfo info)
    {
        var json = new JsonObject
        {
            ["backendUrl"] = info.BackendUrl,
            ["s3Url"] = info.S3Url,
            ["bucket"] = Presigner.Bucket,
            ["publicBaseUrl"] = info.PublicBaseUrl,
            ["adminToken"] = info.AdminToken,
            ["userToken"] = info.UserToken,
            ["expiredToken"] = info.ExpiredToken,
            ["pid"] = Environment.ProcessId,
            ["s3Pid"] = info.S3Pid,
            ["dataPath"] = info.DataPath,
        };
        SecureFile.WriteAtomically(path, System.Text.Encoding.UTF8.GetBytes(json.ToJsonString(JsonText.Options)), ownerOnly: true);
    }
}
