using Prometheus;

namespace UpstreamMonitor.History;

/// <summary>
/// History's Prometheus series, in the <c>/metrics</c> registry when the HTTP surface is there (a registry of their
/// own otherwise), read from <see cref="HistoryHealth"/> at scrape time.
/// </summary>
internal sealed class HistoryMetrics
{
    private readonly HistoryHealth _health;
    private readonly Counter _writeErrors;
    private readonly Counter _dropped;
    private readonly Counter _rows;
    private readonly Gauge _degraded;

    public HistoryMetrics(HistoryHealth health, UpstreamMonitor.Http.Metrics.MonitorMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(health);
        _health = health;
        Registry = metrics?.Registry ?? Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _writeErrors = factory.CreateCounter("history_write_errors_total", "History writes (or migrations) that failed.");
        _dropped = factory.CreateCounter("history_dropped_snapshots_total", "Snapshots dropped because the history queue was full.");
        _rows = factory.CreateCounter("history_rows_written_total", "Rows written to the history store.");
        _degraded = factory.CreateGauge("history_degraded", "1 while the history store is failing, else 0.");
        Registry.AddBeforeCollectCallback(Refresh);
    }

    public CollectorRegistry Registry { get; }

    private void Refresh()
    {
        _writeErrors.IncTo(_health.WriteErrors);
        _dropped.IncTo(_health.DroppedSnapshots);
        _rows.IncTo(_health.RowsWritten);
        _degraded.Set(_health.Degraded ? 1 : 0);
    }
}
