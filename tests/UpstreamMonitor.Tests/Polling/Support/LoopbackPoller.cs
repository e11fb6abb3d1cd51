using Microsoft.Extensions.DependencyInjection;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Polling.Support;

/// <summary>
/// The real lean client and poll engine over one upstream on loopback, rounds driven by the test. The aggregator is asked
/// in the first round only, so a test counts the fork choice and node-info requests it is about.
/// </summary>
internal sealed class LoopbackPoller : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly ServiceProvider _provider;
    private readonly PollEngine _engine;

    private LoopbackPoller(ServiceProvider provider)
    {
        _provider = provider;
        _engine = provider.GetRequiredService<PollEngine>();
    }

    /// <summary>The latest published snapshot.</summary>
    public MonitorSnapshot Current => _provider.GetRequiredService<IMonitorSnapshotSource>().Current;

    public static LoopbackPoller Start(string name, Uri url, Action<PollingOptions>? configure = null)
    {
        var source = new FakeUpstreamSource();
        source.Replace(new UpstreamSet([UpstreamDefinition.Create(name, url)], "test"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<PollingOptions>().Configure(o =>
        {
            o.TimeoutMs = 5_000;
            o.AggregatorEveryRounds = 1_000;
            configure?.Invoke(o);
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IUpstreamSource>(source);
        services.AddLeanApiClient();
        services.AddPolling();
        return new LoopbackPoller(services.BuildServiceProvider());
    }

    /// <summary>One round, whatever the upstream answered.</summary>
    public Task<RoundStatistics> RunRoundAsync() => _engine.RunRoundAsync(CancellationToken.None).WaitAsync(Guard);

    /// <summary>One round in which the upstream's job ran to its end; the snapshot it published.</summary>
    public async Task<MonitorSnapshot> RoundAsync()
    {
        var statistics = await RunRoundAsync();
        Assert.Equal(1, statistics.Completed);
        return Current;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
