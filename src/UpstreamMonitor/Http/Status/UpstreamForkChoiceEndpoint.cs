using System.Globalization;
using System.Text.Json;
using UpstreamMonitor.Http.Json;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Http.Status;

/// <summary>
/// <c>/api/upstreams/{name}/fork_choice</c> (leanpoint's newer route): the fork-choice body the poll last received from
/// that upstream, byte for byte, from the published snapshot. Never contacts a node: a request cannot add load to one.
/// </summary>
internal static class UpstreamForkChoiceEndpoint
{
    public const string UnknownUpstream = "unknown_upstream";
    public const string NoForkChoice = "no_fork_choice";
    public const string ForkChoiceNotKept = "fork_choice_not_kept";

    private const int NameChars = 64;

    public static void MapUpstreamForkChoice(this WebApplication app)
    {
        var source = app.Services.GetRequiredService<IMonitorSnapshotSource>();
        // The name is a handler parameter (not read from RouteValues) so the OpenAPI document describes it.
        app.MapMethods("/api/upstreams/{name}/fork_choice", HttpSurfaceExtensions.ReadMethods, (HttpContext context, string name) => WriteAsync(context, name, source.Current))
            .WithName("GetUpstreamForkChoice")
            .WithTags("Status")
            .WithSummary("The last fork-choice body polled from one upstream")
            .WithDescription("Exactly the bytes the upstream sent in the latest poll that answered (kept while it fails since; Last-Modified says when, X-Upstream-State its current poll state). Served from the poll's cache: never forwarded to the node. 404 unknown_upstream; 503 no_fork_choice before its first answer or when it serves no fork_choice route; 503 fork_choice_not_kept for a body over 1 MiB.")
            .Produces(StatusCodes.Status200OK, contentType: HttpBodies.Json)
            .Produces<ApiErrorResponse>(StatusCodes.Status404NotFound, HttpBodies.Json)
            .Produces<ApiErrorResponse>(StatusCodes.Status503ServiceUnavailable, HttpBodies.Json);
    }

    private static Task WriteAsync(HttpContext context, string name, MonitorSnapshot snapshot)
    {
        var row = Find(snapshot.Upstreams, name);
        if (row is null)
        {
            return ErrorAsync(context, StatusCodes.Status404NotFound, UnknownUpstream, $"no upstream named '{TextExcerpt.Sanitize(name, NameChars)}' is configured");
        }

        if (row.ForkChoiceBody is not { } body)
        {
            return ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, NoForkChoice, NotYetReason(row));
        }

        if (!body.IsKept)
        {
            return ErrorAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                ForkChoiceNotKept,
                string.Create(CultureInfo.InvariantCulture, $"{row.Name}'s last fork-choice body was {body.Length} bytes, over the {LeanApiLimits.Describe(LeanApiLimits.KeptForkChoiceBodyBytes)} the monitor keeps per upstream"));
        }

        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers["X-Upstream-State"] = ApiDocumentMapper.StateName(row.State);
        if (row.ForkChoiceAt is { } at)
        {
            headers.LastModified = at.ToString("R", CultureInfo.InvariantCulture);
        }

        return HttpBodies.WriteAsync(context, StatusCodes.Status200OK, HttpBodies.Json, body.Json);
    }

    private static string NotYetReason(UpstreamStatus row) => row switch
    {
        { FromFallback: true } => $"{row.Name} serves no /lean/v0/fork_choice (404); it is polled through the justified checkpoint and state fallback",
        { State: UpstreamPollState.Pending } => $"{row.Name} has not been polled yet",
        { LastError: { } error } => $"{row.Name} has not answered fork_choice yet: {error}",
        _ => $"{row.Name} has not answered fork_choice yet (state {ApiDocumentMapper.StateName(row.State)})",
    };

    // A linear scan of the published rows: a few microseconds at 1,000 upstreams, and nothing kept beside the snapshot.
    private static UpstreamStatus? Find(IReadOnlyList<UpstreamStatus> rows, string name)
    {
        for (var i = 0; i < rows.Count; i++)
        {
            if (string.Equals(rows[i].Name, name, StringComparison.Ordinal))
            {
                return rows[i];
            }
        }

        return null;
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.Headers.CacheControl = "no-cache";
        return HttpBodies.WriteAsync(
            context, status, HttpBodies.Json, JsonSerializer.SerializeToUtf8Bytes(new ApiErrorResponse(code, message), HttpJsonContext.Default.ApiErrorResponse));
    }
}
