using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace UpstreamMonitor.Configuration;

public static class ConfigurationServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="MonitorOptions"/> (at start) and registers the <see cref="IUpstreamSource"/> the
    /// options describe: the upstreams file (re-read when it changes), inline <c>Monitor:Upstreams</c>, or
    /// <c>--lean-url</c>. The entry point replaces the source when the layers decide otherwise, and in demo mode.
    /// </summary>
    public static IServiceCollection AddMonitorConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MonitorOptions>()
            .Bind(configuration.GetSection(MonitorOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MonitorOptions>, MonitorOptionsValidator>());
        services.TryAddSingleton(CreateUpstreamSource);
        services.AddHostedService<ConfigurationStartupReport>();
        return services;
    }

    private static IUpstreamSource CreateUpstreamSource(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<MonitorOptions>>().Value;
        return UpstreamSourceSelection.Choose(options) switch
        {
            UpstreamSourceKind.File => new FileUpstreamSource(
                options.UpstreamsConfig!, services.GetRequiredService<ILogger<FileUpstreamSource>>()),
            UpstreamSourceKind.Inline => new StaticUpstreamSource(
                UpstreamListRules.FromEntries(options.Upstreams, $"{MonitorOptions.SectionName}:Upstreams").Set ?? UpstreamSet.Empty),
            UpstreamSourceKind.LeanUrl => new StaticUpstreamSource(
                UpstreamListRules.FromLeanUrl(options.LeanUrl!, "lean-url (single upstream)").Set ?? UpstreamSet.Empty),
            _ => new StaticUpstreamSource(UpstreamSet.Empty),
        };
    }
}
