namespace UpstreamMonitor.Snapshots;

/// <summary>Read side of the published snapshot: the one thing the API, metrics and dashboard depend on.</summary>
public interface IMonitorSnapshotSource
{
    MonitorSnapshot Current { get; }

    /// <summary>
    /// Raised after each publication, on the poller's thread. Handlers must return quickly and never throw. For
    /// subscribers whose lifetime is not the host's (a dashboard circuit coalescing its renders); a long-lived reader
    /// is an <see cref="ISnapshotObserver"/> instead, on its own bounded lane.
    /// </summary>
    event Action<MonitorSnapshot>? Published;
}
