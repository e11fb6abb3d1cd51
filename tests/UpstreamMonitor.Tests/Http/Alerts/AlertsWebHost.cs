using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.Alerts;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.Http.Alerts;

/// <summary>The composed application (which adds and maps the alerts itself) on a test server.</summary>
internal sealed class AlertsWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    public AlertsWebHost()
    {
        _app = MonitorApplication.Build(TestHostServices.Settings, builder =>
        {
            builder.WebHost.UseTestServer();
            TestHostServices.Apply(builder.Services, Time, client: null, keepCheckpointSync: false);
        });
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public FakeTimeProvider Time { get; } = TestHostServices.NewClock();

    public MonitorSnapshotStore Store => _app.Services.GetRequiredService<MonitorSnapshotStore>();

    public ActiveAlerts Alerts => _app.Services.GetRequiredService<ActiveAlerts>();

    public HttpClient CreateClient() => _app.GetTestClient();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
