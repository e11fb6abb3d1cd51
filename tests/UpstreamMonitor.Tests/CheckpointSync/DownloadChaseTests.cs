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
/// Issue 14's chase: 1 s slots, one hung node, 16 MiB states. Rounds are driven by hand on the devnet's fake clock:
/// the three answering nodes are polled over HTTP with the real lean API client; the hung node is recorded as the
/// poller records it after its deadline (unreachable), and its deadline is modelled by advancing the clock 3 slots
/// between the poll and the publication, so every consensus is 3 slots old when the download starts.
/// Wall time is only the loopback transfers and hashing (about a quarter of a second a round).
/// </summary>
public sealed class DownloadChaseTests
{
    private const int Rounds = 8;

    [Fact]
    public async Task With_1_s_slots_a_hung_node_and_16_MiB_states_a_verified_pair_is_served_within_3_rounds_and_every_round_after()
    {
        var clock = new FakeTimeProvider(TestSnapshots.Start);
        await using var devnet = await SimulatedDevnet.StartAsync(
            new SimulatedDevnetOptions
            {
                NodeCount = 4,
                TimeProvider = clock,
                SlotDuration = TimeSpan.FromSeconds(1),
                StateSizeBytes = 16L << 20,
                StatePrefixHold = TimeSpan.Zero,
                PersonaLayout = [Persona.Healthy, Persona.Healthy, Persona.Healthy, Persona.Hung],
                UseDefaultPersonaMix = false,
            },
            CancellationToken.None);
        using var api = new LeanApiTestHost();
        var cache = new FinalizedStateCache();
        var downloader = new FinalizedStateDownloader(
            api.Client,
            new DefaultConsensusRule(),
            cache,
            new CheckpointSyncStatistics(),
            new DefaultCheckpointRejectionSink(),
            Options.Create(new CheckpointSyncOptions()),
            clock,
            NullLogger<FinalizedStateDownloader>.Instance);

        var servedFrom = -1;
        for (var round = 1; round <= Rounds; round++)
        {
            var rows = new List<UpstreamStatus>();
            foreach (var node in devnet.Nodes)
            {
                rows.Add(node.Persona == Persona.Hung ? TestSnapshots.Unreachable(node.Name, round) : await PollAsync(api, node, round));
            }

            clock.Advance(TimeSpan.FromSeconds(3));
            var snapshot = TestSnapshots.Round(round, clock.GetUtcNow(), [.. rows]);
            await downloader.DownloadAsync(snapshot, CancellationToken.None);

            var serving = cache.Serving;
            if (serving is null)
            {
                Assert.True(servedFrom < 0, $"round {round}: nothing served after round {servedFrom}");
                clock.Advance(TimeSpan.FromSeconds(1));
                continue;
            }

            servedFrom = servedFrom < 0 ? round : servedFrom;
            Assert.True(serving.Slot >= snapshot.Consensus.Finalized!.Slot, $"round {round}: served {serving.Slot} behind the consensus {snapshot.Consensus.Finalized.Slot}");
            Assert.True(Lstar.TryReadState(cache.State!.Bytes, out var state, out var error), error);
            Assert.Equal(serving.StateRoot, state!.Root);
            Assert.Equal(serving.Root, state.BlockRoot);
            Assert.Equal(devnet.Chain.BlockRoot(serving.Slot), serving.Root);
            Assert.Equal(16L << 20, cache.State.Length);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(servedFrom, 1, 3);
        Assert.True(cache.Serving!.Slot >= devnet.CurrentSlot - 8, $"served slot {cache.Serving.Slot} fell behind the devnet at {devnet.CurrentSlot}");
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
