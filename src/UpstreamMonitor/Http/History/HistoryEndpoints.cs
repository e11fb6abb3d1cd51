using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.History;

namespace UpstreamMonitor.Http.History;

/// <summary>
/// <c>/api/history/*</c>: rounds, one upstream's changes and latency, chain events, uptime and the finality chart.
/// Every query is paged or downsampled, bounded in time, and answered from the store on its own connection.
/// </summary>
public static class HistoryEndpoints
{
    private static readonly string[] UptimeWindows = ["24h", "7d", "30d"];
    private static readonly string[] FinalityWindows = ["1h", "6h", "24h", "7d"];

    /// <summary>Maps the history routes (they answer 404 "history is off" when it is).</summary>
    public static WebApplication MapHistory(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var reader = app.Services.GetService<HistoryReader>();
        var health = app.Services.GetRequiredService<HistoryHealth>();

        // The history series join /metrics before its first scrape.
        _ = app.Services.GetRequiredService<HistoryMetrics>();
        var options = app.Services.GetRequiredService<IOptions<HistoryOptions>>().Value;
        var time = app.Services.GetRequiredService<TimeProvider>();
        var context = HistoryJsonContext.Default;

        app.MapRead("/api/history/status", (HttpContext http) =>
                Write(http, StatusCodes.Status200OK, new HistoryStatusResponse(reader is not null, health.Degraded, health.Problem, health.WriteErrors, health.DroppedSnapshots, health.RowsWritten), context.HistoryStatusResponse))
            .WithName("GetHistoryStatus")
            .WithTags("History")
            .WithSummary("Whether history is on and writing")
            .WithDescription("degraded is true while the store fails (the dashboard shows a banner); problem says why, without credentials.")
            .Produces<HistoryStatusResponse>(StatusCodes.Status200OK, HttpBodies.Json);

        app.MapMethods("/api/history/rounds", HttpSurfaceExtensions.ReadMethods, (HttpContext http, string? from, string? to, string? limit, string? cursor) =>
                Paged(http, reader, options, time, from, to, limit, cursor, async (r, range, ct) =>
                {
                    var page = await r.RoundsAsync(range, ct).ConfigureAwait(false);
                    return new HistoryRoundsResponse(page.Rows.Select(ToResponse).ToArray(), HistoryQuery.Cursor(page.NextCursor));
                }, context.HistoryRoundsResponse))
            .WithName("GetHistoryRounds")
            .WithTags("History")
            .WithSummary("Poll rounds in a time range, oldest first")
            .WithDescription("from / to: RFC 3339 or Unix ms (default: the last 24 h); limit 1..max page size (default 500); cursor: next_cursor of the previous page.")
            .Produces<HistoryRoundsResponse>(StatusCodes.Status200OK, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status400BadRequest, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status503ServiceUnavailable, HttpBodies.Json);

        app.MapMethods("/api/history/upstreams/{name}", HttpSurfaceExtensions.ReadMethods, (HttpContext http, string name, string? from, string? to, string? limit, string? cursor) =>
                Paged(http, reader, options, time, from, to, limit, cursor, async (r, range, ct) =>
                {
                    var page = await r.UpstreamChangesAsync(name, range, ct).ConfigureAwait(false);
                    return new HistoryUpstreamResponse(name, page.Rows.Select(ToResponse).ToArray(), HistoryQuery.Cursor(page.NextCursor));
                }, context.HistoryUpstreamResponse))
            .WithName("GetHistoryUpstream")
            .WithTags("History")
            .WithSummary("One upstream's state changes (ok / error / timeout / skipped, slots, fork), oldest first")
            .WithDescription("Change-only rows: one when the state, the error text, its lag to the consensus or its fork changes. Same range and paging parameters as rounds.")
            .Produces<HistoryUpstreamResponse>(StatusCodes.Status200OK, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status400BadRequest, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status503ServiceUnavailable, HttpBodies.Json);

        app.MapMethods("/api/history/upstreams/{name}/latency", HttpSurfaceExtensions.ReadMethods, (HttpContext http, string name, string? from, string? to, string? limit, string? cursor) =>
                Paged(http, reader, options, time, from, to, limit, cursor, async (r, range, ct) =>
                {
                    var page = await r.LatencyAsync(name, range, ct).ConfigureAwait(false);
                    return new HistoryLatencyResponse(name, page.Rows.Select(m => new HistoryLatencyMinuteResponse(m.MinuteMs, m.MinMs, m.MedianMs, m.MaxMs, m.Samples)).ToArray(), HistoryQuery.Cursor(page.NextCursor));
                }, context.HistoryLatencyResponse))
            .WithName("GetHistoryUpstreamLatency")
            .WithTags("History")
            .WithSummary("One upstream's poll latency per minute (min / median / max)")
            .Produces<HistoryLatencyResponse>(StatusCodes.Status200OK, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status400BadRequest, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status503ServiceUnavailable, HttpBodies.Json);

        app.MapMethods("/api/history/events", HttpSurfaceExtensions.ReadMethods, (HttpContext http, string? from, string? to, string? kind, string? limit, string? cursor) =>
            {
                if (!HistoryQuery.TryKind(kind, ChainEventKinds.All, out var error))
                {
                    return BadRequest(http, error!);
                }

                return Paged(http, reader, options, time, from, to, limit, cursor, async (r, range, ct) =>
                {
                    var page = await r.EventsAsync(kind, range, ct).ConfigureAwait(false);
                    return new HistoryEventsResponse(page.Rows.Select(e => new HistoryEventResponse(e.AtMs, e.Kind, e.Slot, e.Root, e.PreviousSlot)).ToArray(), HistoryQuery.Cursor(page.NextCursor));
                }, context.HistoryEventsResponse);
            })
            .WithName("GetHistoryEvents")
            .WithTags("History")
            .WithSummary("Chain events: the consensus finalized, justified or head checkpoint advancing")
            .WithDescription("kind: finalized, justified or head (default: all). Same range and paging parameters as rounds.")
            .Produces<HistoryEventsResponse>(StatusCodes.Status200OK, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status400BadRequest, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status503ServiceUnavailable, HttpBodies.Json);

        var alertKinds = AlertKinds.Detected.Select(k => k.WireName()).ToArray();
        app.MapMethods("/api/history/alerts", HttpSurfaceExtensions.ReadMethods, (HttpContext http, string? from, string? to, string? kind, string? limit, string? cursor) =>
            {
                if (!HistoryQuery.TryKind(kind, alertKinds, out var error))
                {
                    return BadRequest(http, error!);
                }

                return Paged(http, reader, options, time, from, to, limit, cursor, async (r, range, ct) =>
                {
                    var page = await r.AlertEventsAsync(kind, range, ct).ConfigureAwait(false);
                    return new HistoryAlertEventsResponse(page.Rows.Select(ToResponse).ToArray(), HistoryQuery.Cursor(page.NextCursor));
                }, context.HistoryAlertEventsResponse);
            })
            .WithName("GetHistoryAlerts")
            .WithTags("History")
            .WithSummary("Alert firings and resolutions (finality stalled, fork detected, upstream down, ...), oldest first")
            .WithDescription("kind: an alert kind (finality_stalled, fork_detected, upstream_down, ...; default: all); transition is fired or resolved. Same range and paging parameters as rounds.")
            .Produces<HistoryAlertEventsResponse>(StatusCodes.Status200OK, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status400BadRequest, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status503ServiceUnavailable, HttpBodies.Json);

        app.MapMethods("/api/history/uptime", HttpSurfaceExtensions.ReadMethods, (HttpContext http, string? window) =>
            {
                if (!HistoryQuery.TryWindow(window, "24h", UptimeWindows, out var name, out var span, out var error))
                {
                    return BadRequest(http, error!);
                }

                return Query(http, reader, async (r, ct) =>
                {
                    var rows = await r.UptimeAsync(span, ct).ConfigureAwait(false);
                    var from = (time.GetUtcNow() - span).ToUnixTimeMilliseconds();
                    return new HistoryUptimeResponse(name, from, rows.Select(u => new HistoryUptimeRowResponse(u.Upstream, u.Rounds, u.OkRounds, Math.Round(u.Share, 6))).ToArray());
                }, context.HistoryUptimeResponse);
            })
            .WithName("GetHistoryUptime")
            .WithTags("History")
            .WithSummary("Per upstream, the share of rounds it answered ok")
            .WithDescription("window: 24h (default), 7d or 30d. Read from the hourly rollups, so the window starts on the hour.")
            .Produces<HistoryUptimeResponse>(StatusCodes.Status200OK, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status400BadRequest, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status503ServiceUnavailable, HttpBodies.Json);

        app.MapMethods("/api/history/finality", HttpSurfaceExtensions.ReadMethods, (HttpContext http, string? window, string? points) =>
            {
                if (!HistoryQuery.TryWindow(window, "24h", FinalityWindows, out _, out var span, out var error)
                    || !HistoryQuery.TryPoints(points, out var count, out error))
                {
                    return BadRequest(http, error!);
                }

                return Query(http, reader, async (r, ct) =>
                {
                    var to = time.GetUtcNow().ToUnixTimeMilliseconds();
                    var from = to - (long)span.TotalMilliseconds;
                    var rows = await r.FinalityAsync(from, to, count, ct).ConfigureAwait(false);
                    var bucket = (to - from + count - 1) / count;
                    return new HistoryFinalityResponse(from, to, bucket, rows.Select(p => new HistoryFinalityPointResponse(p.AtMs, p.FinalizedSlot, p.JustifiedSlot, p.HeadSlot)).ToArray());
                }, context.HistoryFinalityResponse);
            })
            .WithName("GetHistoryFinality")
            .WithTags("History")
            .WithSummary("Consensus finalized, justified and head slot against time, downsampled (the finality chart)")
            .WithDescription("window: 1h, 6h, 24h (default) or 7d; points: at most this many buckets (1..2000, default 360), each the highest slots seen in it.")
            .Produces<HistoryFinalityResponse>(StatusCodes.Status200OK, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status400BadRequest, HttpBodies.Json)
            .Produces<HistoryErrorResponse>(StatusCodes.Status503ServiceUnavailable, HttpBodies.Json);

        return app;
    }

    private static Task Paged<T>(
        HttpContext http,
        HistoryReader? reader,
        HistoryOptions options,
        TimeProvider time,
        string? from,
        string? to,
        string? limit,
        string? cursor,
        Func<HistoryReader, HistoryRange, CancellationToken, Task<T>> query,
        JsonTypeInfo<T> type)
    {
        if (!HistoryQuery.TryRange(from, to, time.GetUtcNow(), options.RollupRetention, out var fromMs, out var toMs, out var error)
            || !HistoryQuery.TryLimit(limit, options.MaxPageSize, out var pageSize, out error)
            || !HistoryQuery.TryCursor(cursor, out var afterId, out error))
        {
            return BadRequest(http, error!);
        }

        var range = new HistoryRange(fromMs, toMs, pageSize, afterId);
        return Query(http, reader, (r, ct) => query(r, range, ct), type);
    }

    private static async Task Query<T>(HttpContext http, HistoryReader? reader, Func<HistoryReader, CancellationToken, Task<T>> query, JsonTypeInfo<T> type)
    {
        if (reader is null)
        {
            await Write(http, StatusCodes.Status404NotFound, new HistoryErrorResponse("history is off (Monitor:History:Path = off)"), HistoryJsonContext.Default.HistoryErrorResponse).ConfigureAwait(false);
            return;
        }

        T body;
        try
        {
            body = await query(reader, http.RequestAborted).ConfigureAwait(false);
        }
        catch (HistoryUnavailableException ex)
        {
            await Write(http, StatusCodes.Status503ServiceUnavailable, new HistoryErrorResponse(ex.Message), HistoryJsonContext.Default.HistoryErrorResponse).ConfigureAwait(false);
            return;
        }

        await Write(http, StatusCodes.Status200OK, body, type).ConfigureAwait(false);
    }

    private static Task BadRequest(HttpContext http, string error) =>
        Write(http, StatusCodes.Status400BadRequest, new HistoryErrorResponse(error), HistoryJsonContext.Default.HistoryErrorResponse);

    private static Task Write<T>(HttpContext http, int status, T body, JsonTypeInfo<T> type) =>
        HttpBodies.WriteAsync(http, status, HttpBodies.Json, JsonSerializer.SerializeToUtf8Bytes(body, type));

    private static HistoryRoundResponse ToResponse(RoundRecord r) => new(
        r.AtMs, r.Round, r.DurationMs, r.BudgetMs, r.Dispatched, r.Completed, r.Failed, r.Abandoned, r.Skipped, r.HasConsensus,
        ToResponse(r.Finalized), ToResponse(r.Justified), ToResponse(r.Head));

    private static HistoryAlertEventResponse ToResponse(AlertHistoryEvent a) => new(
        a.AtMs, a.Transition, a.AlertId, a.Kind, a.Severity, a.Summary,
        a.Upstreams.Length == 0 ? [] : a.Upstreams.Split(", "), a.Slot, a.Root);

    private static HistoryCheckpointResponse? ToResponse(CheckpointRecord? c) => c is null ? null : new(c.Slot, c.Root, c.Votes);

    private static HistoryChangeResponse ToResponse(UpstreamChange c) => new(
        c.AtMs, c.Round, c.State, c.Error, c.HeadSlot, c.JustifiedSlot, c.FinalizedSlot, c.HeadLag, c.InConsensus, c.ForkRoot, HistoryQuery.ChangeNames(c.Changed));
}
