using Microsoft.Extensions.DependencyInjection.Extensions;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.CheckpointSync;

public static class CheckpointSyncServiceCollectionExtensions
{
    /// <summary>Registers the finalized-state cache and the background downloader that fills it.</summary>
    public static IServiceCollection AddCheckpointSync(this IServiceCollection services)
    {
        services.AddSingleton<FinalizedStateCache>();
        services.AddSingleton<IFinalizedStateCache>(sp => sp.GetRequiredService<FinalizedStateCache>());
        services.AddSingleton<CheckpointSyncStatistics>();

        // Polling registers its registry as the sink (rejections become last_error); this default is for hosts without it.
        services.AddSingleton<DefaultCheckpointRejectionSink>();
        services.TryAddSingleton<ICheckpointRejectionSink>(sp => sp.GetRequiredService<DefaultCheckpointRejectionSink>());
        services.AddSingleton<FinalizedStateDownloader>();
        services.AddSingleton<CheckpointSyncService>();
        services.AddHostedService(sp => sp.GetRequiredService<CheckpointSyncService>());

        // One pending snapshot is enough: the service only needs to know that one was published.
        services.AddSnapshotObserver<CheckpointSyncService>(capacity: 1);
        return services;
    }
}
