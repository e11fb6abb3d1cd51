namespace UpstreamMonitor.Snapshots;

/// <summary>The lanes of every registered observer; the snapshot store writes each publication to all of them.</summary>
internal sealed class SnapshotObservers
{
    public SnapshotObservers(IEnumerable<SnapshotObserverRegistration> registrations, TimeProvider timeProvider, ILogger<SnapshotObservers> logger)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        Lanes = [.. registrations.DistinctBy(r => r.ObserverType).Select(r => new SnapshotObserverLane(r, timeProvider, logger))];
    }

    /// <summary>No observers (a store built without the host, as some tests and tools do).</summary>
    public static SnapshotObservers None { get; } = new([], TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<SnapshotObservers>.Instance);

    public IReadOnlyList<SnapshotObserverLane> Lanes { get; }

    internal void Write(MonitorSnapshot snapshot)
    {
        // An indexed loop over a list: no enumerator on the poller's thread.
        var lanes = Lanes;
        for (var i = 0; i < lanes.Count; i++)
        {
            lanes[i].Write(snapshot);
        }
    }
}
