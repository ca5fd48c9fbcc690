using System.Net;
using Microsoft.Extensions.Hosting;

namespace LocalPlatform;

public static class PlatformApp
{
    public static readonly TimeSpan AdminTokenLifetime = TimeSpan.FromHours(24);

    public static WebApplication Build(PlatformOptions options, DataDirectory data, S3Sidecar sidecar)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        var s3Url = $"http://{IPAddress.Loopback}:{sidecar.Port}";
        var key = SigningKey.LoadOrCreate(data.SigningKeyPath);
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new JwtTokens(key, TimeProvider.System));
        services.AddSingleton(new PlatformUsers(key));
        services.AddSingleton(new Presigner(s3Url, TimeProvider.System));
        services.AddSingleton(new RuntimeSettings(options.PresignExpirySeconds));
        services.AddSingleton(new FileRecordStore(data.FileRecordsPath));
        services.AddSingleton(new S3Control(new HttpClient { BaseAddress = new Uri(s3Url) }));
        services.AddSingleton<ObjectIds>();
        services.AddSingleton<FaultQueue>();
        services.AddSingleton<RequestLog>();
        services.AddSingleton<ContractEndpoints>();
        services.AddSingleton<ControlEndpoints>();
        if (options.ParentPid is { } parentPid)
        {
            services.AddHostedService(provider =>
                new ParentProcessWatcher(parentPid, provider.GetRequiredService<IHostApplicationLifetime>()));
        }

        var app = builder.Build();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<ErrorEnvelopeMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.UseMiddleware<BearerAuthMiddleware>();
        app.Services.GetRequiredService<ContractEndpoints>().Map(app);
        app.Services.GetRequiredService<ControlEndpoints>().Map(app);
        app.MapFallback(context => Envelope.ErrorAsync(context, StatusCodes.Status404NotFound, Envelope.DefaultMessage(404)));
        return app;
    }

    public static PlatformInfo Describe(WebApplication app, string backendUrl, S3Sidecar sidecar, DataDirectory data)
    {
        var tokens = app.Services.GetRequiredService<JwtTokens>();
        var users = app.Services.GetRequiredService<PlatformUsers>();
        var admin = users.For(PlatformUser.AdminRole);
        return new PlatformInfo(
            backendUrl,
            $"http://{IPAddress.Loopback}:{sidecar.Port}",
            app.Services.GetRequiredService<Presigner>().PublicBaseUrl,
            tokens.Issue(admin, AdminTokenLifetime),
            tokens.Issue(users.For("user"), AdminTokenLifetime),
            tokens.Issue(admin, TimeSpan.FromHours(-1)),
            sidecar.ProcessId,
            data.Path);
    }
}
