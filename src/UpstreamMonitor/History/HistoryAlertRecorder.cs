using UpstreamMonitor.Alerts;

namespace UpstreamMonitor.History;

/// <summary>
/// Hands every alert firing and resolution to the history queue, so the event timeline survives a restart. The alert
/// pipeline raises <see cref="ActiveAlerts.Transitioned"/> on its own thread; this only makes one non-blocking offer.
/// </summary>
internal sealed class HistoryAlertRecorder(IServiceProvider services, HistoryQueue queue, TimeProvider timeProvider) : IHostedService
{
    // Alerts may be off in a host (some tests): then there is nothing to record.
    private ActiveAlerts? _alerts;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _alerts = services.GetService<ActiveAlerts>();
        if (_alerts is not null)
        {
            _alerts.Transitioned += OnTransitioned;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_alerts is not null)
        {
            _alerts.Transitioned -= OnTransitioned;
        }

        return Task.CompletedTask;
    }

    internal static AlertHistoryEvent ToRecord(AlertEvent alert, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var resolved = alert.ResolvedAt is not null;
        return new AlertHistoryEvent(
            (alert.ResolvedAt ?? now).ToUnixTimeMilliseconds(),
            resolved ? AlertTransitionNames.Resolved : AlertTransitionNames.Fired,
            alert.Id,
            alert.Kind.WireName(),
            alert.Severity.WireName(),
            Upstreams.UrlRedaction.MaskText(alert.Summary),
            string.Join(", ", alert.Upstreams),
            alert.Slot,
            alert.Root);
    }

    private void OnTransitioned(AlertEvent alert) => queue.Offer(ToRecord(alert, timeProvider.GetUtcNow()));
}
