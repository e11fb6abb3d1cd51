using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.CheckpointSync;

namespace UpstreamMonitor.Tests.Http;

/// <summary>The composed application on real Kestrel, bound to 127.0.0.1 on a free port.</summary>
internal sealed class KestrelMonitorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelMonitorHost(WebApplication app, FakeTimeProvider time, FakeLeanApiClient leanApi)
    {
        _app = app;
        Time = time;
        LeanApi = leanApi;
        BaseAddress = new Uri(app.Urls.First(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public FakeTimeProvider Time { get; }

    public FakeLeanApiClient LeanApi { get; }

    public IServiceProvider Services => _app.Services;

    public MonitorSnapshotStore Store => Services.GetRequiredService<MonitorSnapshotStore>();

    public FinalizedStateCache StateCache => Services.GetRequiredService<FinalizedStateCache>();

    public static Task<KestrelMonitorHost> StartAsync(bool keepCheckpointSync = false, params KeyValuePair<string, string?>[] settings) =>
        StartAsync(keepCheckpointSync, realLeanApi: false, settings);

    /// <param name="realLeanApi">Keep the product's lean API client instead of the scripted one.</param>
    public static async Task<KestrelMonitorHost> StartAsync(bool keepCheckpointSync, bool realLeanApi, params KeyValuePair<string, string?>[] settings)
    {
        var time = TestHostServices.NewClock();
        var leanApi = new FakeLeanApiClient();
        KeyValuePair<string, string?>[] overrides =
        [
            .. TestHostServices.Settings,
            new("Monitor:BindAddress", "127.0.0.1"),
            new("Monitor:Port", "0"),
            .. settings,
        ];
        var app = MonitorApplication.Build(overrides, builder => TestHostServices.Apply(builder.Services, time, realLeanApi ? null : leanApi, keepCheckpointSync));
        await app.StartAsync();
        return new KestrelMonitorHost(app, time, leanApi);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
