using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UpstreamMonitor.CheckpointSync;
using UpstreamMonitor.Configuration;
using UpstreamMonitor.Consensus;
using UpstreamMonitor.Simulator;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Ssz.Forks;
using UpstreamMonitor.Tests.Http;
using UpstreamMonitor.Tests.LeanApi;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.CheckpointSync;

/// <summary>
/// Finality moving back on a simulated devnet (decision 0903), rounds driven by hand on its fake clock: the nodes are
/// polled over loopback HTTP with the real lean API client, the real tracker folds each round, the real downloader
/// fetches and verifies real SSZ. The old pair keeps serving through a round whose states do not verify and is
/// replaced by the pair of the lower finalized root once one does.
/// </summary>
public sealed class FinalityRegressionOnDevnetTests
{
    [Fact]
    public async Task The_served_pair_stays_until_a_verified_pair_of_the_lower_finalized_root_exists_then_follows_finality()
    {
        var clock = new FakeTimeProvider(TestSnapshots.Start);
        await using var devnet = await SimulatedDevnet.StartAsync(
            new SimulatedDevnetOptions
            {
                NodeCount = 3,
                TimeProvider = clock,
                SlotDuration = TimeSpan.FromSeconds(1),
                StateSizeBytes = 64 << 10,
                StatePrefixHold = TimeSpan.Zero,
                UseDefaultPersonaMix = false,
            },
            CancellationToken.None);
        using var api = new LeanApiTestHost();
        var rule = new DefaultConsensusRule();
        var tracker = new MonitorStatusTracker(rule, NullLogger<MonitorStatusTracker>.Instance);
        var cache = new FinalizedStateCache();
        var downloader = new FinalizedStateDownloader(
            api.Client,
            rule,
            cache,
            new CheckpointSyncStatistics(),
            new DefaultCheckpointRejectionSink(),
            Options.Create(new CheckpointSyncOptions()),
            clock,
            NullLogger<FinalizedStateDownloader>.Instance);
        long round = 0;

        async Task<MonitorSnapshot> RoundAsync()
        {
            round++;
            clock.Advance(TimeSpan.FromSeconds(1));
            var rows = new List<UpstreamStatus>();
            foreach (var node in devnet.Nodes)
            {
                rows.Add(await PollAsync(api, node, round));
            }

            var now = clock.GetUtcNow();
            var consensus = tracker.Update(rule.Decide(rows, 50), rows, now);
            var snapshot = TestSnapshots.Round(round, now, [.. rows]) with
            {
                Consensus = consensus,
                Status = tracker.Current,
                Upstreams = tracker.Annotate(rows, consensus),
            };
            await downloader.DownloadAsync(snapshot, CancellationToken.None);
            return snapshot;
        }

        var healthy = await RoundAsync();
        var old = cache.Serving;

        // A reorg lowers every node's finalized checkpoint by 3 slots; for one round their states verify against nothing.
        devnet.Chain.RegressFinalization(3);
        SetAll(devnet, Persona.WrongStateRoot);
        var regressed = await RoundAsync();
        var whileUnverified = cache.Serving;
        SetAll(devnet, Persona.Healthy);
        var verified = await RoundAsync();
        var switched = cache.Serving;
        var switchedState = cache.State;
        devnet.Chain.Resume();
        for (var i = 0; i < 6; i++)
        {
            await RoundAsync();
        }

        var recovered = tracker.Current;

        Assert.NotNull(old);
        Assert.Equal(healthy.Status.Chain.Finalized.Slot, old.Slot);
        var lower = regressed.Status.Chain.Finalized.Slot!.Value;
        Assert.True(lower < old.Slot, $"finalized {lower} did not move below the served {old.Slot}");
        Assert.Equal(new FinalityRegression(old.Slot, healthy.Status.Chain.Finalized.Root, lower, devnet.Chain.BlockRoot(lower), regressed.Status.LastUpdated!.Value, regressed.Status.LastUpdated.Value), regressed.Status.Regression);
        Assert.Same(old, whileUnverified);

        Assert.NotNull(verified.Status.Regression);
        Assert.Equal(lower, verified.Status.Chain.Finalized.Slot);
        Assert.Equal((lower, devnet.Chain.BlockRoot(lower)), (switched!.Slot, switched.Root));
        Assert.True(Lstar.TryReadState(switchedState!.Bytes, out var state, out var error), error);
        Assert.Equal((switched.Root, switched.StateRoot), (state!.BlockRoot, state.Root));

        Assert.Null(recovered.Regression);
        Assert.Equal(1, recovered.FinalityRegressions);
        Assert.True(cache.Serving!.Slot > old.Slot, $"serving {cache.Serving.Slot} did not follow finality past {old.Slot}");
        Assert.Equal(devnet.Chain.BlockRoot(cache.Serving.Slot), cache.Serving.Root);
    }

    private static void SetAll(SimulatedDevnet devnet, Persona persona)
    {
        foreach (var node in devnet.Nodes)
        {
            devnet.SetPersona(node.Name, persona);
        }
    }

    private static async Task<UpstreamStatus> PollAsync(LeanApiTestHost api, SimulatedNode node, long round)
    {
        var definition = UpstreamDefinition.Create(node.Name, node.BaseUrl);
        var forkChoice = await api.Client.GetForkChoiceAsync(definition, CancellationToken.None);
        Assert.True(forkChoice.IsSuccess, forkChoice.IsSuccess ? null : forkChoice.Error.Message);
        var view = forkChoice.Value;
        return TestSnapshots.Healthy(node.Name, view.HeadSlot ?? view.Justified.Slot, view.Justified.Slot, view.Finalized.Slot, round, node.BaseUrl.ToString()) with
        {
            Chain = view.Chain,
            Ancestry = view.Ancestry,
        };
    }
}
