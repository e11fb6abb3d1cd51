namespace UpstreamMonitor.Snapshots;

/// <summary>
/// Receives each published snapshot, in order, on its own loop (register with
/// <see cref="SnapshotObserverServiceCollectionExtensions.AddSnapshotObserver{T}"/>). However slow it is, or if it
/// throws, polling and the other observers carry on; when it falls behind by its lane's capacity, the oldest snapshots
/// it has not seen yet are dropped (counted and logged).
/// </summary>
internal interface ISnapshotObserver
{
    ValueTask OnSnapshotAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken);
}
