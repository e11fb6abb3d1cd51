using Microsoft.AspNetCore.Server.Kestrel.Core;
using Prometheus;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Http.Checkpoints;
using UpstreamMonitor.Http.Events;
using UpstreamMonitor.Http.Health;
using UpstreamMonitor.Http.Json;
using UpstreamMonitor.Http.Metrics;
using UpstreamMonitor.Http.Status;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Http;

public static class HttpSurfaceExtensions
{
    /// <summary>Every route answers GET and HEAD; anything else is 405 (<see cref="ReadOnlyMethods"/>).</summary>
    internal static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>
    /// Maps a GET+HEAD route. A typed delegate (not a RequestDelegate) so the route appears in the OpenAPI document.
    /// </summary>
    internal static RouteHandlerBuilder MapRead(this WebApplication app, string pattern, Func<HttpContext, Task> handler) =>
        app.MapMethods(pattern, ReadMethods, handler);

    /// <summary>Registers the status API, metrics, health and checkpoint-sync services.</summary>
    public static IServiceCollection AddHttpSurface(this IServiceCollection services)
    {
        services.AddCheckpointSync();
        services.AddSingleton<SnapshotDocumentCache>();
        services.AddSnapshotObserver<SnapshotEventHub>();
        services.AddSnapshotObserver<MonitorMetrics>();

        // The OpenAPI generator reads the same source-generated, snake_case contract the endpoints write.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, HttpJsonContext.Default));
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "UpstreamMonitor";
            document.Info.Version = ProductVersion.Current;
            document.Info.Description = "Read-only status, health and checkpoint-sync API of the lean devnet monitor.";
            return Task.CompletedTask;
        }));

        services.Configure<KestrelServerOptions>(kestrel => HttpLimits.Apply(kestrel.Limits));
        return services;
    }

    /// <summary>Maps the status API, metrics, health and checkpoint-sync routes.</summary>
    public static WebApplication MapHttpSurface(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseReadOnlyMethods();

        app.MapStatusEndpoints();
        app.MapUpstreamForkChoice();
        app.MapEventStream();
        app.MapHealthEndpoints();
        app.MapCheckpointEndpoints();

        var metrics = app.Services.GetRequiredService<MonitorMetrics>();
        app.MapMetrics("/metrics", metrics.Registry).WithTags("Metrics").ExcludeFromDescription();
        app.MapOpenApi();
        return app;
    }
}
