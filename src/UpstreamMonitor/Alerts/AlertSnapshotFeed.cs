using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Alerts;

/// <summary>
/// Feeds published snapshots to the <see cref="AlertPipeline"/> through today's <see cref="IMonitorSnapshotSource.Published"/>
/// event. With the snapshot-observer seam the pipeline is registered as an observer instead and this class goes.
/// </summary>
public sealed class AlertSnapshotFeed(IMonitorSnapshotSource source, AlertPipeline pipeline) : IHostedService
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

    private void OnPublished(MonitorSnapshot snapshot) => pipeline.Enqueue(snapshot);
}
