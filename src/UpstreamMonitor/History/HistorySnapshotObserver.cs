using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.History;

/// <summary>
/// Hands every published snapshot to the history queue from its own observer lane: one non-blocking offer, so a
/// slow disk fills (and drops from) the history queue, never the poller.
/// </summary>
internal sealed class HistorySnapshotObserver(HistoryQueue queue) : ISnapshotObserver
{
    public ValueTask OnSnapshotAsync(MonitorSnapshot snapshot, CancellationToken cancellationToken)
    {
        queue.Offer(snapshot);
        return ValueTask.CompletedTask;
    }
}
