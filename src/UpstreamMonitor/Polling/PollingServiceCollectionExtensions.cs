using Microsoft.Extensions.DependencyInjection.Extensions;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Polling;

internal static class PollingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the snapshot store, the poll engine and its parts, and the <see cref="PollerService"/> hosted service.
    /// Needs an <see cref="LeanApi.ILeanApiClient"/> and an <see cref="Upstreams.IUpstreamSource"/>.
    /// </summary>
    public static IServiceCollection AddPolling(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSnapshotObservers();
        services.AddSingleton<MonitorSnapshotStore>();
        services.AddSingleton<IMonitorSnapshotSource>(sp => sp.GetRequiredService<MonitorSnapshotStore>());
        services.AddSingleton<UpstreamPollJob>();
        services.AddSingleton<UpstreamRegistry>();
        services.AddSingleton<CheckpointSync.ICheckpointRejectionSink>(sp => sp.GetRequiredService<UpstreamRegistry>());
        services.TryAddSingleton<IConsensusRule, DefaultConsensusRule>();
        services.AddSingleton<MonitorStatusTracker>();
        services.AddSingleton<PollEngine>();
        services.AddHostedService<PollerService>();
        return services;
    }
}
