using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Components;

namespace UpstreamMonitor.Tests.Browser;

/// <summary>
/// The real monitor host (MonitorApplication.Build) on a free loopback port, without the poller: the test publishes
/// snapshots into the store itself.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private const string PollerServiceName = "UpstreamMonitor.Polling.PollerService";

    private readonly WebApplication _app;

    private DashboardHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    internal MonitorSnapshotStore Store => _app.Services.GetRequiredService<MonitorSnapshotStore>();

    /// <summary>Starts the host; its clock reads <see cref="DashboardSnapshots.Now"/> at start unless configured otherwise.</summary>
    /// <param name="settings">Extra configuration (for example <c>Monitor:History:Path</c>), over the defaults.</param>
    public static async Task<DashboardHost> StartAsync(int? port = null, Action<WebApplicationBuilder>? configure = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var chosen = port ?? FreeLoopbackPort();
        var configuration = new Dictionary<string, string?>
        {
            ["Monitor:BindAddress"] = "127.0.0.1",
            ["Monitor:Port"] = chosen.ToString(CultureInfo.InvariantCulture),
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var app = MonitorApplication.Build(
            configuration,
            builder =>
            {
                RemovePoller(builder.Services);
                builder.Services.AddSingleton<TimeProvider>(new ShiftedTimeProvider(DashboardSnapshots.Now));
                configure?.Invoke(builder);
            });
        await app.StartAsync();
        return new DashboardHost(app, chosen);
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The snapshots in these tests come from the test, so the poller must not overwrite them.</summary>
    private static void RemovePoller(IServiceCollection services)
    {
        var poller = services
            .Where(d => d.ServiceType.FullName == PollerServiceName
                || d.ImplementationType?.FullName == PollerServiceName
                || (d.ServiceType == typeof(IHostedService) && d.ImplementationFactory?.Method.ReturnType.FullName == PollerServiceName))
            .ToList();
        foreach (var descriptor in poller)
        {
            services.Remove(descriptor);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Open circuits keep a graceful stop waiting; a restart test needs them cut like a real restart.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
