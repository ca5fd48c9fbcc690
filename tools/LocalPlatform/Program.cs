using System.Net;
using LocalPlatform;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

PlatformOptions options;
try
{
    options = PlatformOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine($"LocalPlatform: {exception.Message}");
    Console.Error.WriteLine("usage: LocalPlatform [--port 0] [--s3-port 0] [--data DIR] [--info-file PATH] [--parent-pid PID] [--s3-dir DIR] [--presign-expiry-seconds 3600]");
    return 2;
}

using var data = DataDirectory.Open(options.DataPath);
S3Sidecar? sidecar = null;
try
{
    sidecar = await S3Sidecar.StartAsync(
        S3ScriptLocator.Find(options.S3ScriptDirectory), options.S3Port, data.S3Path, resetOnExit: data.IsTemporary);
    await using var app = PlatformApp.Build(options, data, sidecar);
    await app.StartAsync();
    var backendUrl = ListeningUrl(app);
    var info = PlatformApp.Describe(app, backendUrl, sidecar, data);
    if (options.InfoFile is not null)
    {
        PlatformInfo.Write(options.InfoFile, info);
    }
    Console.Out.WriteLine($"LocalPlatform ready: backend {info.BackendUrl} s3 {info.PublicBaseUrl}");
    Console.Out.Flush();

    var stopped = app.WaitForShutdownAsync();
    if (await Task.WhenAny(stopped, sidecar.Exited) == sidecar.Exited)
    {
        Console.Error.WriteLine($"LocalPlatform: the S3 server exited unexpectedly. {sidecar.FailureOutput()}".TrimEnd());
        await app.StopAsync();
        return 1;
    }
    return 0;
}
catch (Exception exception) when (exception is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
{
    Console.Error.WriteLine($"LocalPlatform: {exception.Message}");
    return 1;
}
finally
{
    sidecar?.Dispose();
    if (options.InfoFile is not null)
    {
        File.Delete(options.InfoFile);
    }
}

static string ListeningUrl(WebApplication app)
{
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    return $"http://{IPAddress.Loopback}:{new Uri(address).Port}";
}
