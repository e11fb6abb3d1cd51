using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.History;

/// <summary>
/// Hands every published snapshot to the history queue: one non-blocking <c>TryWrite</c> on the poller's thread.
/// (When the data path gains <c>ISnapshotObserver</c>, this becomes its implementation.)
/// </summary>
internal sealed class HistorySnapshotObserver(IMonitorSnapshotSource source, HistoryQueue queue) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        source.Published += OnPublished;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        source.Published -= OnPublished;
        return Task.CompletedTask;
    }

    private void OnPublished(MonitorSnapshot snapshot) => queue.Offer(snapshot);
}
