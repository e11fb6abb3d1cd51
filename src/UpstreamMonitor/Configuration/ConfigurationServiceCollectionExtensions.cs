using Microsoft.Extensions.DependencyInjection.Extensions;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Configuration;

internal static class ConfigurationServiceCollectionExtensions
{
    /// <summary>
    /// Binds each feature's options from the <c>Monitor</c> section (validated at start), registers the
    /// <see cref="IUpstreamSource"/> that <see cref="UpstreamSourceSelection"/> chooses, and the start-up report.
    /// The entry point replaces the source in demo mode.
    /// </summary>
    public static IServiceCollection AddMonitorConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        MonitorSettings.AddTo(services, configuration);
        services.TryAddSingleton(UpstreamSourceSelection.Create);
        services.AddHostedService<ConfigurationStartupReport>();
        return services;
    }
}
