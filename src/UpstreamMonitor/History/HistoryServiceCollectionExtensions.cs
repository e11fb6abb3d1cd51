using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Http.History;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.History;

public static class HistoryServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="HistoryOptions"/> (<c>Monitor:History</c>, validated at start) and, unless the path is
    /// <c>off</c>, registers the store, the queue fed by every published snapshot, the writer and the pruner.
    /// <see cref="HistoryHealth"/> and <see cref="HistoryMetrics"/> are always registered (off: never degraded).
    /// </summary>
    public static IServiceCollection AddHistory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(HistoryOptions.SectionName);
        services.AddOptions<HistoryOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HistoryOptions>, HistoryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HistoryHealth>();
        services.TryAddSingleton<HistoryMetrics>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, HistoryJsonContext.Default));

        var probe = new HistoryOptions();
        section.Bind(probe);
        if (!probe.Enabled)
        {
            return services;
        }

        services.TryAddSingleton<IHistoryStore>(sp => HistoryStoreFactory.Create(
            sp.GetRequiredService<IOptions<HistoryOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<HistoryQueue>();
        services.TryAddSingleton<HistoryReader>();
        if (services.Any(d => d.ServiceType == typeof(Polling.UpstreamRegistry)))
        {
            services.AddHostedService<HistoryRestartSeeder>();
        }

        services.AddHostedService<HistoryWriterService>();
        services.AddHostedService<HistoryAlertRecorder>();
        services.AddHostedService<HistoryPruneService>();
        services.TryAddSingleton<UptimeStripRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<UptimeStripRefresher>());
        services.AddSnapshotObserver<HistorySnapshotObserver>();
        return services;
    }
}
