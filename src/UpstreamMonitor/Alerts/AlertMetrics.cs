using Prometheus;

namespace UpstreamMonitor.Alerts;

/// <summary>
/// The alert series, registered in the monitor's registry (<c>MonitorMetrics.Registry</c>, or a private one when the
/// HTTP surface is absent): <c>upstream_monitor_alert_active{kind,severity}</c>, read from <see cref="ActiveAlerts"/>
/// at scrape time, and <c>upstream_monitor_alert_deliveries_total{receiver,outcome}</c>.
/// </summary>
public sealed class AlertMetrics
{
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Dropped = "dropped";

    private readonly ActiveAlerts _active;
    private readonly Gauge _alertActive;
    private readonly Counter _deliveries;

    public AlertMetrics(CollectorRegistry registry, ActiveAlerts active, IEnumerable<string> receiverNames)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(receiverNames);
        _active = active;
        Registry = registry;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _alertActive = factory.CreateGauge("upstream_monitor_alert_active", "Alerts active now, by kind and severity.", "kind", "severity");
        _deliveries = factory.CreateCounter("upstream_monitor_alert_deliveries_total", "Alert notifications by receiver and outcome (delivered, failed, dropped).", "receiver", "outcome");

        // Every series exists from the start (at 0), so rules over them never see "no data" for a quiet fleet.
        foreach (var kind in AlertKinds.Detected)
        {
            _alertActive.WithLabels(kind.WireName(), AlertKinds.SeverityOf(kind).WireName()).Set(0);
        }

        foreach (var receiver in receiverNames)
        {
            foreach (var outcome in new[] { Delivered, Failed, Dropped })
            {
                _deliveries.WithLabels(receiver, outcome);
            }
        }

        registry.AddBeforeCollectCallback(RefreshActive);
    }

    public CollectorRegistry Registry { get; }

    public void DeliveryFinished(string receiver, string outcome) => _deliveries.WithLabels(receiver, outcome).Inc();

    public double Deliveries(string receiver, string outcome) => _deliveries.WithLabels(receiver, outcome).Value;

    private void RefreshActive()
    {
        var counts = _active.Current
            .GroupBy(a => (a.Kind, a.Severity))
            .ToDictionary(g => g.Key, g => g.Count());
        foreach (var kind in AlertKinds.Detected)
        {
            var severity = AlertKinds.SeverityOf(kind);
            _alertActive.WithLabels(kind.WireName(), severity.WireName()).Set(counts.GetValueOrDefault((kind, severity)));
        }
    }
}
