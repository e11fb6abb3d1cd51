using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Components;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.History;
using UpstreamMonitor.Http;
using UpstreamMonitor.Http.Alerts;
using UpstreamMonitor.Http.History;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Security;

namespace UpstreamMonitor.Hosting;

/// <summary>Composes the web application from its features. Used by <see cref="MonitorProgram"/>, tests and benchmarks.</summary>
internal static class MonitorApplication
{
    /// <summary>
    /// Builds the application. <paramref name="overrides"/> are configuration keys (<c>Monitor:PollMs</c>, …) that take
    /// precedence over appsettings.json. <paramref name="configure"/> lets tests swap services (time, upstream source)
    /// before the build.
    /// </summary>
    public static WebApplication Build(
        IEnumerable<KeyValuePair<string, string?>> overrides,
        Action<WebApplicationBuilder>? configure = null) =>
        Build(new ConfigurationBuilder().AddInMemoryCollection(overrides).Build(), configure);

    /// <summary>Builds the application over the entry point's layered configuration (the same layers its check read).</summary>
    public static WebApplication Build(IConfiguration layers, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddConfiguration(layers);

        var host = builder.Configuration.GetSection(MonitorSection.Name).Get<MonitorHostOptions>() ?? new MonitorHostOptions();
        builder.WebHost.UseUrls(host.KestrelUrl);

        // The container image's ASPNETCORE_HTTP_PORTS would otherwise make Kestrel warn that --bind/--port override it.
        builder.WebHost.UseSetting("http_ports", string.Empty);

        // preserveStaticLogger: tests build several apps in one process; none of them may replace or close Log.Logger.
        builder.Services.AddSerilog(
            logger => MonitorLogging.Configure(logger, builder.Configuration, host.LogFormat),
            preserveStaticLogger: true);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services
            .AddMonitorConfiguration(builder.Configuration)
            .AddLeanApiClient()
            .AddPolling()
            .AddHttpSurface()
            .AddAlerts(builder.Configuration)
            .AddHistory(builder.Configuration)
            .AddDashboard()
            .AddSecurityHardening();

        configure?.Invoke(builder);

        // Bind first, then poll: nothing of ours starts until the server listens.
        AfterServerStarts.WrapAll(builder.Services);

        var app = builder.Build();
        app.MapHttpSurface();
        app.MapAlerts();
        app.MapHistory();
        app.MapDashboard();
        return app;
    }
}
