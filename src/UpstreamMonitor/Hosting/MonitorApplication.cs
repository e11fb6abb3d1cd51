using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog;
using UpstreamMonitor.Components;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Http;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Security;

namespace UpstreamMonitor.Hosting;

/// <summary>Composes the web application from its features. Used by <see cref="MonitorProgram"/>, tests and benchmarks.</summary>
public static class MonitorApplication
{
    /// <summary>
    /// Builds the application. <paramref name="overrides"/> are configuration keys (<c>Monitor:PollMs</c>, …) that take
    /// precedence over appsettings.json: the parsed environment variables first, then the command line.
    /// <paramref name="configure"/> lets tests and the demo swap services (time, upstream source) before the build.
    /// </summary>
    public static WebApplication Build(
        IEnumerable<KeyValuePair<string, string?>> overrides,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(overrides);

        var options = builder.Configuration.GetSection(MonitorOptions.SectionName).Get<MonitorOptions>() ?? new MonitorOptions();
        builder.WebHost.UseUrls(KestrelUrl(options));

        // The container image's ASPNETCORE_HTTP_PORTS would otherwise make Kestrel warn that --bind/--port override it.
        builder.WebHost.UseSetting("http_ports", string.Empty);

        // preserveStaticLogger: tests build several apps in one process; none of them may replace or close Log.Logger.
        builder.Services.AddSerilog(
            logger => MonitorLogging.Configure(logger, builder.Configuration, options.LogFormat),
            preserveStaticLogger: true);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services
            .AddMonitorConfiguration(builder.Configuration)
            .AddLeanApiClient()
            .AddPolling()
            .AddHttpSurface()
            .AddDashboard()
            .AddSecurityHardening();

        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapHttpSurface();
        app.MapDashboard();
        return app;
    }

    private static string KestrelUrl(MonitorOptions options)
    {
        var host = options.BindAddress.Contains(':', StringComparison.Ordinal) ? $"[{options.BindAddress}]" : options.BindAddress;
        return $"http://{host}:{options.Port}";
    }
}
