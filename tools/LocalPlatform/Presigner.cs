using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace LocalPlatform;

public sealed record PresignedUpload(string Key, string SignedUrl, string DownloadUrl);

public sealed class Presigner : IDisposable
{
    public const string Bucket = "media";

    private readonly AmazonS3Client client;
    private readonly string publicBaseUrl;
    private readonly TimeProvider clock;

    public Presigner(string s3Url, TimeProvider clock)
    {
        this.clock = clock;
        publicBaseUrl = $"{s3Url}/{Bucket}";
        client = new AmazonS3Client(
            new BasicAWSCredentials("S3RVER", "S3RVER"),
            new AmazonS3Config { ServiceURL = s3Url, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
    }

    public string PublicBaseUrl => publicBaseUrl;

    public PresignedUpload PresignPut(string key, string contentType, int expirySeconds)
    {
        var signedUrl = client.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = HttpVerb.PUT,
            ContentType = contentType,
            Expires = clock.GetUtcNow().UtcDateTime.AddSeconds(expirySeconds),
            Protocol = Protocol.HTTP,
        });
        return new PresignedUpload(key, signedUrl, DownloadUrl(key));
    }

    public string DownloadUrl(string key) =>
        publicBaseUrl + "/" + string.Join('/', key.Split('/').Select(Uri.EscapeDataString));

    public void Dispose() => client.Dispose();
}
