using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Benchmarks.Rigs;

/// <summary>
/// The real product, composed by <see cref="MonitorApplication.Build"/> exactly as the host does, pointed at a fixed
/// upstream list on 127.0.0.1. Scenarios either drive its poll engine round by round or start the whole host.
/// </summary>
internal sealed class MonitorRig : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _started;

    private MonitorRig(WebApplication app, Uri baseAddress, IReadOnlyList<UpstreamDefinition> upstreams)
    {
        _app = app;
        BaseAddress = baseAddress;
        Upstreams = upstreams;
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<UpstreamDefinition> Upstreams { get; }

    public IServiceProvider Services => _app.Services;

    public ILeanApiClient Client =>
        _app.Services.GetService<ILeanApiClient>() ?? throw new Driver.ComponentMissingException("the lean API client (AddLeanApiClient) is not registered in this build.");

    public IMonitorSnapshotSource Snapshots => _app.Services.GetRequiredService<IMonitorSnapshotSource>();

    public static MonitorRig Create(IReadOnlyList<UpstreamDefinition> upstreams, MonitorRigSettings settings)
    {
        ArgumentNullException.ThrowIfNull(upstreams);
        ArgumentNullException.ThrowIfNull(settings);
        var port = FreeLoopbackPort();
        var app = MonitorApplication.Build(settings.ToOverrides(port), builder =>
        {
            builder.Services.RemoveAll<IUpstreamSource>();
            builder.Services.AddSingleton<IUpstreamSource>(new FixedUpstreamSource(upstreams));
        });
        return new MonitorRig(app, new Uri($"http://127.0.0.1:{port}/"), upstreams);
    }

    /// <summary>Runs one poll round through the product's engine (gate, deadline, consensus, publication) and returns its statistics.</summary>
    public Task<RoundStatistics> RunRoundAsync(CancellationToken cancellationToken)
    {
        _ = Client; // the engine's jobs need it; say which component is missing rather than fail in the container
        return _app.Services.GetRequiredService<PollEngine>().RunRoundAsync(cancellationToken);
    }

    /// <summary>Starts the whole host: the poller's hosted service and the HTTP surface on <see cref="BaseAddress"/>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
