using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Polling;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Tests.Faults;
using UpstreamMonitor.Tests.Polling.Support;
using UpstreamMonitor.Upstreams;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace UpstreamMonitor.Tests.Polling;

/// <summary>
/// Whole rounds through the real lean API client and real sockets on loopback: two healthy WireMock nodes and one
/// faulty raw-socket node. The round must end by its deadline, publish the healthy results and mark the faulty one.
/// </summary>
public sealed class RealSocketRoundTests : IDisposable
{
    private const int TimeoutMs = 400;

    // A "did not hang" guard, not a performance assertion: budget plus two generous seconds for a loaded CI machine.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    private readonly WireMockServer[] _healthy = [StartHealthy(), StartHealthy()];

    public void Dispose()
    {
        foreach (var server in _healthy)
        {
            server.Stop();
            server.Dispose();
        }
    }

    [Fact]
    public async Task A_node_that_accepts_and_never_answers_times_out_and_the_round_still_publishes()
    {
        await using var faulty = LoopbackFaultServer.Start(FaultBehaviors.AcceptNoAnswer);

        var snapshot = await RunRoundAsync(faulty.BaseUrl);

        AssertFaultyMarked(snapshot, "waiting for the response");
        Assert.True(faulty.ConnectionsAccepted >= 1);
    }

    [Fact]
    public async Task A_node_whose_accept_queue_is_full_so_connect_hangs_times_out_and_the_round_still_publishes()
    {
        await using var faulty = await LoopbackFaultServer.StartWithFullAcceptQueueAsync();

        var snapshot = await RunRoundAsync(faulty.BaseUrl);

        AssertFaultyMarked(snapshot, "connecting");
    }

    [Fact]
    public async Task A_node_that_trickles_its_body_a_byte_a_second_times_out_and_the_round_still_publishes()
    {
        await using var faulty = LoopbackFaultServer.Start(FaultBehaviors.TrickledBody);

        var snapshot = await RunRoundAsync(faulty.BaseUrl);

        AssertFaultyMarked(snapshot, "reading the body");
    }

    private static WireMockServer StartHealthy()
    {
        var server = WireMockServer.Start();
        server.Given(Request.Create().WithPath("/lean/v0/fork_choice").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Encoding.UTF8.GetBytes(ForkChoiceBodies.Valid())));
        server.Given(Request.Create().WithPath("/lean/v0/admin/aggregator").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"is_aggregator\":true}"));
        return server;
    }

    private static void AssertFaultyMarked(MonitorSnapshot snapshot, string phase)
    {
        var round = snapshot.LastRound!;
        Assert.True(round.Duration <= round.Budget + Slack, $"round took {round.Duration} with a budget of {round.Budget}");
        Assert.True(round.Dispatched == 3, $"round {round}; {string.Join(", ", snapshot.Upstreams.Select(u => $"{u.Name} {u.State} {u.LastError}"))}");
        Assert.True(round.Number > 1);
        Assert.Equal(0, round.Skipped);

        Assert.Equal(["zeam_0", "ream_0", "faulty_0"], snapshot.Upstreams.Select(u => u.Name));
        foreach (var healthy in snapshot.Upstreams.Take(2))
        {
            Assert.True(
                healthy is { State: UpstreamPollState.Ok, Healthy: true, Chain.Finalized.Slot: ForkChoiceBodies.FinalizedSlot, Chain.Head.Slot: ForkChoiceBodies.HeadSlot, IsAggregator: true, InConsensus: true },
                $"{healthy.Name}: {healthy.State} {healthy.LastError}");
        }

        var faulty = snapshot.Upstreams[2];
        Assert.True(faulty.State == UpstreamPollState.Timeout, $"{faulty.State} {faulty.LastError}; round {round}");
        Assert.Equal(UpstreamPollState.Timeout, faulty.State);
        Assert.False(faulty.Healthy);
        Assert.Equal(1, faulty.ErrorCount);
        Assert.NotNull(faulty.LastError);
        Assert.StartsWith("timeout", faulty.LastError, StringComparison.Ordinal);
        Assert.True(
            faulty.LastError.Contains(phase, StringComparison.Ordinal) || faulty.LastError == PollOutcome.AbandonedError,
            faulty.LastError);

        // Two of three configured nodes agree: a majority, published despite the faulty one.
        Assert.Equal(new CheckpointVote(ForkChoiceBodies.FinalizedSlot, ForkChoiceBodies.RootA, 2), snapshot.Consensus.Finalized);
        Assert.Equal(ForkChoiceBodies.FinalizedSlot, snapshot.Status.Chain.Finalized.Slot);
    }

    private async Task<MonitorSnapshot> RunRoundAsync(Uri faultyUrl)
    {
        var healthy = new UpstreamSet(
            [
                UpstreamDefinition.Create("zeam_0", new Uri($"http://127.0.0.1:{_healthy[0].Ports[0]}")),
                UpstreamDefinition.Create("ream_0", new Uri($"http://127.0.0.1:{_healthy[1].Ports[0]}")),
            ],
            "test");
        var source = new FakeUpstreamSource();
        source.Replace(healthy);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<PollingOptions>().Configure(o => o.TimeoutMs = TimeoutMs);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IUpstreamSource>(source);
        services.AddLeanApiClient();
        services.AddPolling();
        await using var provider = services.BuildServiceProvider();
        var engine = provider.GetRequiredService<PollEngine>();

        // Warm-up round on the healthy nodes only: JIT, WireMock's first request and connection set-up must not eat the
        // short timeout of the round under test on a loaded machine. The faulty node joins the next round (hot add).
        await WarmUpAsync(engine);
        source.Replace(new UpstreamSet([.. healthy.Upstreams, UpstreamDefinition.Create("faulty_0", faultyUrl)], "test"));

        var budget = RoundBudget.For(provider.GetRequiredService<IOptions<PollingOptions>>().Value, 3);
        await engine.RunRoundAsync(CancellationToken.None).WaitAsync(budget.Round + Slack);
        return provider.GetRequiredService<IMonitorSnapshotSource>().Current;
    }

    private async Task WarmUpAsync(PollEngine engine)
    {
        // First the servers themselves, with no deadline: WireMock's first answer can take seconds on a busy machine.
        using (var http = new HttpClient())
        {
            foreach (var server in _healthy)
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{server.Ports[0]}/lean/v0/fork_choice"));
                response.EnsureSuccessStatusCode();
            }
        }

        // Then the engine and client paths, until a round polls both healthy nodes cleanly with nothing left running.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await PollHarness.Until(() => engine.RunningJobs == 0, "warm-up jobs ended");
            var warmUp = await engine.RunRoundAsync(CancellationToken.None);
            if (warmUp is { Completed: 2, Failed: 0 })
            {
                return;
            }
        }
    }
}
