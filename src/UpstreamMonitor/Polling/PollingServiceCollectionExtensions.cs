using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Polling;

public static class PollingServiceCollectionExtensions
{
    /// <summary>Registers the snapshot store and the poller hosted service.</summary>
    public static IServiceCollection AddPolling(this IServiceCollection services)
    {
        services.AddSingleton<MonitorSnapshotStore>();
        services.AddSingleton<IMonitorSnapshotSource>(sp => sp.GetRequiredService<MonitorSnapshotStore>());
        return services;
    }
}
