using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Polling.Support;
using UpstreamMonitor.Upstreams;
using static UpstreamMonitor.Tests.Polling.Support.ScriptedLeanApiClient;

namespace UpstreamMonitor.Tests.Polling;

public sealed class PollerServiceTests
{
    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public async Task Publishes_pending_rows_at_start_then_polls_every_interval()
    {
        var h = new PollHarness(new PollingOptions { PollMs = 1_000, TimeoutMs = 200 }, "a", "b");
        var start = h.Time.GetUtcNow();
        h.Client.Answer("a", ForkChoice(40), Ms(100));
        h.Client.Answer("b", ForkChoice(40), Ms(100));
        using var service = new PollerService(h.Engine, h.Monitor, h.Time, NullLogger<PollerService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await PollHarness.Until(() => h.Client.CallLog.Count == 2, "first round dispatched");

        var first = h.Published[0];
        Assert.Equal(1, first.Version);
        Assert.Equal(["a", "b"], first.Upstreams.Select(u => u.Name));
        Assert.All(first.Upstreams, u => Assert.Equal(UpstreamPollState.Pending, u.State));

        h.Time.Advance(Ms(100));
        await PollHarness.Until(() => h.Current.LastRound?.Number == 1, "round 1 published");
        h.Time.Advance(Ms(899));
        await PollHarness.Settle();
        Assert.Equal(2, h.Client.CallLog.Count);
        h.Time.Advance(Ms(1));
        await PollHarness.Until(() => h.Client.CallLog.Count == 4, "round 2 dispatched at the next tick");

        await service.StopAsync(CancellationToken.None);
        Assert.Equal([start, start, start.AddSeconds(1), start.AddSeconds(1)], h.Client.CallLog.Select(c => c.At));
    }

    [Fact]
    public async Task Rounds_never_overlap_and_a_slow_round_is_followed_at_once_by_the_next()
    {
        // The round takes 1.5 intervals (within its 2 × 1 s job budget): the missed tick starts the next at once.
        var h = new PollHarness(new PollingOptions { PollMs = 1_000, TimeoutMs = 1_000 }, "a");
        var start = h.Time.GetUtcNow();
        h.Client.Answer("a", ForkChoice(40), Ms(1_500));
        using var service = new PollerService(h.Engine, h.Monitor, h.Time, NullLogger<PollerService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await PollHarness.Until(() => h.Client.Calls("a") == 1, "round 1 dispatched");
        h.Time.Advance(Ms(1_000));
        await PollHarness.Settle();
        Assert.Equal(1, h.Client.Calls("a")); // the tick came, but round 1 still runs

        h.Time.Advance(Ms(500));
        await PollHarness.Until(() => h.Client.Calls("a") == 2, "round 2 right after round 1");
        h.Time.Advance(Ms(1_500));
        await PollHarness.Until(() => h.Client.Calls("a") == 3, "round 3 right after round 2");
        await service.StopAsync(CancellationToken.None);

        Assert.Equal([start, start.AddMilliseconds(1_500), start.AddMilliseconds(3_000)], h.Client.CallLog.Select(c => c.At));
        Assert.Equal(1, h.Client.MaxConcurrentFor("a"));
        var rounds = h.Published.Where(s => s.LastRound is not null).Select(s => s.LastRound!).ToList();
        Assert.Equal([1L, 2L], rounds.Select(r => r.Number).Take(2));
        Assert.Equal(rounds[0].FinishedAt, rounds[1].StartedAt);
    }

    [Fact]
    public async Task AddPolling_registers_the_engine_and_the_hosted_service_by_its_name()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<PollingOptions>();
        var time = new FakeTimeProvider();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<ILeanApiClient>(new ScriptedLeanApiClient(time));
        services.AddSingleton<IUpstreamSource>(new FakeUpstreamSource("a"));

        services.AddPolling();
        await using var provider = services.BuildServiceProvider();

        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PollerService));
        Assert.Same(provider.GetRequiredService<MonitorSnapshotStore>(), provider.GetRequiredService<IMonitorSnapshotSource>());
        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
        // The observer lanes' host starts first, so its loops run before the first publication.
        Assert.Equal([typeof(SnapshotObserverHost), typeof(PollerService)], provider.GetServices<IHostedService>().Select(s => s.GetType()));
        var engine = provider.GetRequiredService<PollEngine>();
        var stats = await engine.RunRoundAsync(CancellationToken.None);
        Assert.Equal(1, stats.Completed);
        Assert.Equal(UpstreamPollState.Error, provider.GetRequiredService<IMonitorSnapshotSource>().Current.Upstreams[0].State);
    }
}
