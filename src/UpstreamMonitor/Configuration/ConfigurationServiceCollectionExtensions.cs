namespace UpstreamMonitor.Configuration;

public static class ConfigurationServiceCollectionExtensions
{
    /// <summary>Binds and validates <see cref="MonitorOptions"/> and registers the <see cref="IUpstreamSource"/>.</summary>
    public static IServiceCollection AddMonitorConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MonitorOptions>().Bind(configuration.GetSection(MonitorOptions.SectionName));
        return services;
    }
}
