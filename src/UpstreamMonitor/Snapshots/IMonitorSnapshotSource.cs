namespace UpstreamMonitor.Snapshots;

/// <summary>Read side of the published snapshot: the one thing the API, metrics and dashboard depend on.</summary>
public interface IMonitorSnapshotSource
{
    MonitorSnapshot Current { get; }

    /// <summary>
    /// Raised after each publication, on the poller's thread. Handlers must return quickly and never throw;
    /// anything slow belongs on the subscriber's own queue.
    /// </summary>
    event Action<MonitorSnapshot>? Published;
}
