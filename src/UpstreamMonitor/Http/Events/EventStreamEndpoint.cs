using System.Globalization;
using System.Text;
using System.Text.Json;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Http.Alerts;
using UpstreamMonitor.Http.Json;
using UpstreamMonitor.Http.Status;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Http.Events;

/// <summary>
/// <c>/api/events</c>: Server-Sent Events, one <c>round</c> event per finished round (the current one first) and one
/// <c>alert</c> event per alert fired or resolved, with a
/// comment line as keep-alive so proxies keep the stream open and a vanished client is noticed.
/// </summary>
internal static class EventStreamEndpoint
{
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);

    private static readonly byte[] KeepAlive = Encoding.UTF8.GetBytes(": keep-alive\n\n");
    private static readonly byte[] EventPrefix = Encoding.UTF8.GetBytes("event: round\nid: ");
    private static readonly byte[] AlertEventPrefix = Encoding.UTF8.GetBytes("event: alert\nid: ");
    private static readonly byte[] DataPrefix = Encoding.UTF8.GetBytes("\ndata: ");
    private static readonly byte[] EventEnd = Encoding.UTF8.GetBytes("\n\n");

    public static void MapEventStream(this WebApplication app)
    {
        var hub = app.Services.GetRequiredService<SnapshotEventHub>();
        var documents = app.Services.GetRequiredService<SnapshotDocumentCache>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        if (app.Services.GetService<ActiveAlerts>() is { } alerts)
        {
            alerts.Transitioned += hub.OnAlert;
        }

        app.MapRead("/api/events", (HttpContext context) => StreamAsync(context, hub, documents, time))
            .WithName("GetEvents")
            .WithTags("Status")
            .WithSummary("Server-Sent Events: one 'round' event per finished poll round, one 'alert' event per alert fired or resolved")
            .WithDescription("A 'round' event's data is the /status body plus version and round statistics; an 'alert' event's data is the alert as /api/alerts and the webhook carry it (resolved_at set when it resolved). A slow client loses its oldest events, never slows the poller.")
            .Produces<RoundEventResponse>(StatusCodes.Status200OK, "text/event-stream")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain");
    }

    private static async Task StreamAsync(HttpContext context, SnapshotEventHub hub, SnapshotDocumentCache documents, TimeProvider time)
    {
        using var subscription = hub.Subscribe();
        if (subscription is null)
        {
            await HttpBodies.WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, "too_many_subscribers");
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var aborted = context.RequestAborted;
        var current = documents.Source.Current;
        var lastSent = -1L;
        if (current.LastRound is not null)
        {
            await WriteEventAsync(response, current, documents, aborted);
            lastSent = current.Version;
        }
        else
        {
            await response.Body.FlushAsync(aborted);
        }

        var reader = subscription.Reader;
        try
        {
            while (true)
            {
                using var wait = new CancellationTokenSource(KeepAliveInterval, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, wait.Token);
                try
                {
                    if (!await reader.WaitToReadAsync(linked.Token))
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await response.Body.WriteAsync(KeepAlive, aborted);
                    await response.Body.FlushAsync(aborted);
                    continue;
                }

                while (reader.TryRead(out var item))
                {
                    if (item.Alert is { } alert)
                    {
                        await WriteAlertAsync(response, alert, aborted);
                        continue;
                    }

                    // The snapshot sent on connect may also be queued; send each version once. The start-up
                    // snapshot of pending rows belongs to no finished round and is not an event.
                    if (item.Snapshot is { } snapshot && snapshot.Version != lastSent && snapshot.LastRound is not null)
                    {
                        await WriteEventAsync(response, snapshot, documents, aborted);
                        lastSent = snapshot.Version;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; disposing the subscription unsubscribes it.
        }
    }

    private static async Task WriteAlertAsync(HttpResponse response, AlertEvent alert, CancellationToken cancellationToken)
    {
        // The id names the transition, so a client can tell a resolution from the firing of the same alert.
        var id = alert.Id + (alert.IsActive ? ":fired" : ":resolved");
        var data = JsonSerializer.SerializeToUtf8Bytes(AlertDocument.From(alert), AlertsJsonContext.Default.AlertDocument);
        var body = response.Body;
        await body.WriteAsync(AlertEventPrefix, cancellationToken);
        await body.WriteAsync(Encoding.UTF8.GetBytes(id), cancellationToken);
        await body.WriteAsync(DataPrefix, cancellationToken);
        await body.WriteAsync(data, cancellationToken);
        await body.WriteAsync(EventEnd, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static async Task WriteEventAsync(HttpResponse response, MonitorSnapshot snapshot, SnapshotDocumentCache documents, CancellationToken cancellationToken)
    {
        var body = response.Body;
        await body.WriteAsync(EventPrefix, cancellationToken);
        await body.WriteAsync(Encoding.UTF8.GetBytes(snapshot.Version.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        await body.WriteAsync(DataPrefix, cancellationToken);
        await body.WriteAsync(documents.EventBody(snapshot), cancellationToken);
        await body.WriteAsync(EventEnd, cancellationToken);
        await body.FlushAsync(cancellationToken);
    }
}
