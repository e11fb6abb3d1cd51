using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Hosting;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.CheckpointSync;
using UpstreamMonitor.Tests.Snapshots;

namespace UpstreamMonitor.Tests.Http;

/// <summary>
/// The composed application (<see cref="MonitorApplication.Build"/>, as the entry point composes it) on an in-memory
/// test server, made deterministic by <see cref="TestHostServices"/>.
/// </summary>
/// <remarks>
/// Not <c>WebApplicationFactory&lt;Program&gt;</c>: the factory passes host settings to the entry point as
/// <c>--environment=…</c> and <c>--contentRoot=…</c> arguments, which the monitor's command line rejects as unknown
/// flags, so the entry point exits before it builds a host.
/// </remarks>
public sealed class MonitorWebFactory : IAsyncDisposable, IDisposable
{
    private readonly WebApplication _app;

    public MonitorWebFactory()
        : this([])
    {
    }

    /// <param name="settings">Configuration keys on top of <see cref="TestHostServices.Settings"/>.</param>
    internal MonitorWebFactory(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        _app = MonitorApplication.Build([.. TestHostServices.Settings, .. settings], builder =>
        {
            builder.WebHost.UseTestServer();
            TestHostServices.Apply(builder.Services, Time, LeanApi, keepCheckpointSync: false);
        });
        _app.StartAsync().GetAwaiter().GetResult();
    }

    public IServiceProvider Services => _app.Services;

    internal FakeTimeProvider Time { get; } = TestHostServices.NewClock();

    internal FakeLeanApiClient LeanApi { get; } = new();

    internal MonitorSnapshotStore Store => Services.GetRequiredService<MonitorSnapshotStore>();

    internal FinalizedStateCache StateCache => Services.GetRequiredService<FinalizedStateCache>();

    public HttpClient CreateClient() => _app.GetTestClient();

    /// <summary>Publishes <paramref name="snapshot"/> and waits until every observer (metrics, events) has taken it.</summary>
    internal Task PublishAsync(MonitorSnapshot snapshot) => ObserverLanes.PublishAsync(Store, Services.GetRequiredService<SnapshotObservers>(), snapshot);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
