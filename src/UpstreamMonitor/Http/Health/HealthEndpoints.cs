using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Http.Health;

/// <summary><c>/healthz</c> (leanpoint's liveness words) and <c>/readyz</c> (checkpoint sync can be served).</summary>
internal static class HealthEndpoints
{
    public const string Ok = "ok";
    public const string Ready = "ready";
    public const string NoUpstreams = "no_upstreams";
    public const string NoConsensus = "no_consensus";
    public const string Stale = "stale";
    public const string NoFinalizedState = "no_finalized_state";

    /// <summary>
    /// Why the monitor is unhealthy, or null. Before the first round nothing is known yet, which reads as no consensus;
    /// a round without a majority inside the stale window is tolerated, as leanpoint tolerates it.
    /// </summary>
    public static string? Problem(MonitorSnapshot snapshot, DateTimeOffset now)
    {
        if (snapshot.Version > 0 && snapshot.Upstreams.Count == 0)
        {
            return NoUpstreams;
        }

        if (snapshot.Status.LastSuccess is null)
        {
            return NoConsensus;
        }

        return snapshot.IsStale(now) ? Stale : null;
    }

    public static void MapHealthEndpoints(this WebApplication app)
    {
        var source = app.Services.GetRequiredService<IMonitorSnapshotSource>();
        var cache = app.Services.GetRequiredService<IFinalizedStateCache>();
        var time = app.Services.GetRequiredService<TimeProvider>();

        app.MapRead("/healthz", (HttpContext context) =>
                Problem(source.Current, time.GetUtcNow()) is { } problem
                    ? HttpBodies.WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, problem)
                    : HttpBodies.WriteTextAsync(context, StatusCodes.Status200OK, Ok))
            .WithName("GetHealth")
            .WithTags("Health")
            .WithSummary("Liveness, leanpoint-compatible")
            .WithDescription("200 ok, or 503 with no_upstreams, no_consensus or stale.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain");

        app.MapRead("/readyz", (HttpContext context) =>
            {
                if (cache.State is null)
                {
                    return HttpBodies.WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, NoFinalizedState);
                }

                return source.Current.IsStale(time.GetUtcNow())
                    ? HttpBodies.WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, Stale)
                    : HttpBodies.WriteTextAsync(context, StatusCodes.Status200OK, Ready);
            })
            .WithName("GetReadiness")
            .WithTags("Health")
            .WithSummary("Ready to serve checkpoint sync")
            .WithDescription("200 ready once a consensus finalized state is cached and the monitor is not stale; else 503 no_finalized_state or stale.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain");
    }
}
