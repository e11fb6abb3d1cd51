using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Http.Health;
using UpstreamMonitor.Http.Json;
using UpstreamMonitor.Http.Metrics;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Http.Checkpoints;

/// <summary>
/// The lean node routes a syncing node uses with <c>--checkpoint-sync-url</c>: the cached finalized state and block,
/// plus the health and justified-checkpoint probes. Served from the cache only; never forwarded to an upstream.
/// </summary>
internal static class CheckpointEndpoints
{
    public const string NoFinalizedBlock = "no_finalized_block";
    public const string NoJustifiedCheckpoint = "no_justified_checkpoint";

    private static readonly byte[] LeanHealthBody =
        JsonSerializer.SerializeToUtf8Bytes(new LeanHealthResponse("healthy", "lean-rpc-api"), HttpJsonContext.Default.LeanHealthResponse);

    public static void MapCheckpointEndpoints(this WebApplication app)
    {
        var source = app.Services.GetRequiredService<IMonitorSnapshotSource>();
        var cache = app.Services.GetRequiredService<IFinalizedStateCache>();
        var metrics = app.Services.GetRequiredService<MonitorMetrics>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        var options = app.Services.GetRequiredService<IOptions<PollingOptions>>().Value;
        var cacheControl = CacheControlFor(options.PollInterval);

        app.MapRead("/lean/v0/states/finalized", async (HttpContext context) =>
            {
                var (status, bytes) = await ServeAsync(context, cache.State, null, cache.Serving, servingBlock: false, source.Current, time, cacheControl);
                if (!HttpMethods.IsHead(context.Request.Method))
                {
                    // A HEAD (a probe, a cache revalidating) is not a state served: only GETs are counted (issue 16).
                    metrics.StateRequestServed(status, bytes);
                }
            })
            .WithName("GetFinalizedState")
            .WithTags("Checkpoint sync")
            .WithSummary("SSZ state of the consensus finalized checkpoint")
            .WithDescription("Byte-for-byte what a majority upstream served, verified against the consensus finalized root (docs/checkpoint-sync.md). ETag is the finalized root, X-State-Root its hash_tree_root; 304 on a matching If-None-Match; 503 stale or no_finalized_state.")
            .Produces(StatusCodes.Status200OK, contentType: HttpBodies.OctetStream)
            .Produces(StatusCodes.Status304NotModified)
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain");

        app.MapRead("/lean/v0/blocks/finalized", async (HttpContext context) =>
                await ServeAsync(context, cache.State, cache.Block, cache.Serving, servingBlock: true, source.Current, time, cacheControl))
            .WithName("GetFinalizedBlock")
            .WithTags("Checkpoint sync")
            .WithSummary("SSZ signed block of the consensus finalized checkpoint")
            .WithDescription("As the state; 404 no_finalized_block when none of the majority's nodes serves it.")
            .Produces(StatusCodes.Status200OK, contentType: HttpBodies.OctetStream)
            .Produces(StatusCodes.Status304NotModified)
            .Produces<string>(StatusCodes.Status404NotFound, "text/plain")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain");

        app.MapRead("/lean/v0/health", (HttpContext context) =>
                HttpBodies.WriteAsync(context, StatusCodes.Status200OK, HttpBodies.Json, LeanHealthBody))
            .WithName("GetLeanHealth")
            .WithTags("Checkpoint sync")
            .WithSummary("The lean node API's fixed health answer")
            .Produces<LeanHealthResponse>(StatusCodes.Status200OK, HttpBodies.Json);

        app.MapRead("/lean/v0/checkpoints/justified", (HttpContext context) =>
            {
                var snapshot = source.Current;
                if (snapshot.IsStale(time.GetUtcNow()))
                {
                    return HttpBodies.WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, HealthEndpoints.Stale);
                }

                if (snapshot.Status.Chain.Justified is not { Slot: { } slot, Root: { } root })
                {
                    return HttpBodies.WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, NoJustifiedCheckpoint);
                }

                var body = JsonSerializer.SerializeToUtf8Bytes(
                    new LeanCheckpointResponse(slot, root), HttpJsonContext.Default.LeanCheckpointResponse);
                return HttpBodies.WriteAsync(context, StatusCodes.Status200OK, HttpBodies.Json, body);
            })
            .WithName("GetJustifiedCheckpoint")
            .WithTags("Checkpoint sync")
            .WithSummary("The consensus justified checkpoint, in the lean node API's shape")
            .Produces<LeanCheckpointResponse>(StatusCodes.Status200OK, HttpBodies.Json)
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain");
    }

    /// <summary>
    /// Serves the block when <paramref name="servingBlock"/>, else the state. Returns the status and the body bytes sent.
    /// The state is checked first so "nothing cached yet" is told apart from "stale".
    /// </summary>
    private static async Task<(int Status, long Bytes)> ServeAsync(
        HttpContext context,
        CachedCheckpointArtifact? state,
        CachedCheckpointArtifact? block,
        ServingCheckpoint? serving,
        bool servingBlock,
        MonitorSnapshot snapshot,
        TimeProvider time,
        string cacheControl)
    {
        if (state is null)
        {
            await HttpBodies.WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, HealthEndpoints.NoFinalizedState);
            return (StatusCodes.Status503ServiceUnavailable, 0);
        }

        if (snapshot.IsStale(time.GetUtcNow()))
        {
            await HttpBodies.WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, HealthEndpoints.Stale);
            return (StatusCodes.Status503ServiceUnavailable, 0);
        }

        var artifact = servingBlock ? block : state;
        if (artifact is null)
        {
            await HttpBodies.WriteTextAsync(context, StatusCodes.Status404NotFound, NoFinalizedBlock);
            return (StatusCodes.Status404NotFound, 0);
        }

        var headers = context.Response.Headers;
        headers.ETag = artifact.ETag;
        headers.CacheControl = cacheControl;
        headers["X-Finalized-Slot"] = artifact.Slot.ToString(CultureInfo.InvariantCulture);
        if (serving is { StateRoot: { } stateRoot } && serving.Root == artifact.Root)
        {
            // hash_tree_root(state) as verified: an operator compares it with the block's state_root.
            headers["X-State-Root"] = stateRoot;
        }

        if (MatchesIfNoneMatch(context.Request, artifact.ETag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return (StatusCodes.Status304NotModified, 0);
        }

        await HttpBodies.WriteAsync(context, StatusCodes.Status200OK, HttpBodies.OctetStream, artifact.Bytes);
        return (StatusCodes.Status200OK, artifact.Length);
    }

    private static bool MatchesIfNoneMatch(HttpRequest request, string etag)
    {
        if (!request.Headers.ContainsKey(HeaderNames.IfNoneMatch))
        {
            return false;
        }

        var ours = new EntityTagHeaderValue(etag);
        foreach (var candidate in request.GetTypedHeaders().IfNoneMatch)
        {
            // If-None-Match uses the weak comparison (RFC 9110 13.1.2).
            if (candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(ours, useStrongComparison: false))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The state can only change when a round publishes, so a cache may keep it for about one poll interval.</summary>
    internal static string CacheControlFor(TimeSpan pollInterval)
    {
        var seconds = (int)Math.Clamp(pollInterval.TotalSeconds, 1, 30);
        return $"public, max-age={seconds.ToString(CultureInfo.InvariantCulture)}";
    }
}
