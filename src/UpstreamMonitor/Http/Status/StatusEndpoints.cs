using UpstreamMonitor.Http.Json;

namespace UpstreamMonitor.Http.Status;

/// <summary><c>/status</c> and <c>/api/upstreams</c>: cached bytes of the published snapshot, nothing computed per request.</summary>
internal static class StatusEndpoints
{
    public static void MapStatusEndpoints(this WebApplication app)
    {
        var documents = app.Services.GetRequiredService<SnapshotDocumentCache>();

        app.MapRead("/status", (HttpContext context) =>
                HttpBodies.WriteAsync(context, StatusCodes.Status200OK, HttpBodies.Json, documents.StatusBody()))
            .WithName("GetStatus")
            .WithTags("Status")
            .WithSummary("Consensus status, leanpoint-compatible")
            .WithDescription("leanpoint's seven fields first (same meaning and types), then head and roots (null while unknown).")
            .Produces<StatusResponse>(StatusCodes.Status200OK, HttpBodies.Json);

        app.MapRead("/api/upstreams", (HttpContext context) =>
                HttpBodies.WriteAsync(context, StatusCodes.Status200OK, HttpBodies.Json, documents.UpstreamsBody()))
            .WithName("GetUpstreams")
            .WithTags("Status")
            .WithSummary("Every upstream, the consensus and the latest round")
            .WithDescription("Unknown values are null, never 0. Upstream URLs have their credentials masked.")
            .Produces<UpstreamsResponse>(StatusCodes.Status200OK, HttpBodies.Json);
    }
}
