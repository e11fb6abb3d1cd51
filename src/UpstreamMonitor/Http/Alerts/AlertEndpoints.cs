using System.Text.Json;
using UpstreamMonitor.Alerts;

namespace UpstreamMonitor.Http.Alerts;

/// <summary><c>GET /api/alerts</c>: the active alerts from the read model (a handful of objects, serialized per request).</summary>
public static class AlertEndpoints
{
    /// <summary>Maps <c>/api/alerts</c> and registers the alert series in the metrics registry (before the first scrape).</summary>
    public static WebApplication MapAlerts(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var active = app.Services.GetRequiredService<ActiveAlerts>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        _ = app.Services.GetRequiredService<AlertMetrics>();

        app.MapRead("/api/alerts", (HttpContext context) =>
            {
                var now = time.GetUtcNow();
                var alerts = active.Current.Select(a => AlertResponse.From(a, now)).ToList();
                var body = JsonSerializer.SerializeToUtf8Bytes(new AlertsResponse(now, alerts.Count, alerts), AlertsJsonContext.Default.AlertsResponse);
                return HttpBodies.WriteAsync(context, StatusCodes.Status200OK, HttpBodies.Json, body);
            })
            .WithName("GetAlerts")
            .WithTags("Alerts")
            .WithSummary("The alerts active now")
            .WithDescription("Oldest first. Each has an id, kind, severity, the upstreams involved, slots and roots, first-seen time and a one-line summary.")
            .Produces<AlertsResponse>(StatusCodes.Status200OK, HttpBodies.Json);
        return app;
    }
}
