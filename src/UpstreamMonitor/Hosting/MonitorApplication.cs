using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog;
using Serilog.Formatting.Compact;
using UpstreamMonitor.Components;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Http;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Polling;

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
        builder.Services.AddSerilog(logger =>
        {
            logger.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext();
            if (string.Equals(options.LogFormat, "json", StringComparison.OrdinalIgnoreCase))
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
            }
        });

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services
            .AddMonitorConfiguration(builder.Configuration)
            .AddLeanApiClient()
            .AddPolling()
            .AddHttpSurface()
            .AddDashboard();

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
