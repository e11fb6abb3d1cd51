using Microsoft.Extensions.DependencyInjection.Extensions;

namespace UpstreamMonitor.CheckpointSync;

public static class CheckpointSyncServiceCollectionExtensions
{
    /// <summary>Registers the finalized-state cache and the background downloader that fills it.</summary>
    public static IServiceCollection AddCheckpointSync(this IServiceCollection services)
    {
        services.AddSingleton<FinalizedStateCache>();
        services.AddSingleton<IFinalizedStateCache>(sp => sp.GetRequiredService<FinalizedStateCache>());
        services.AddSingleton<CheckpointSyncStatistics>();
        services.AddSingleton<DefaultCheckpointRejectionSink>();
        services.TryAddSingleton<ICheckpointRejectionSink>(sp => sp.GetRequiredService<DefaultCheckpointRejectionSink>());
        services.AddSingleton<FinalizedStateDownloader>();
        services.AddSingleton<CheckpointSyncService>();
        services.AddHostedService(sp => sp.GetRequiredService<CheckpointSyncService>());
        return services;
    }
}
