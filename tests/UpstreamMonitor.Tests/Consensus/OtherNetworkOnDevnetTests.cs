using UpstreamMonitor.Consensus;
using UpstreamMonitor.Simulator;
using UpstreamMonitor.Tests.Faults;
using UpstreamMonitor.Tests.Simulator;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Consensus;

/// <summary>The real poller over simulated nodes: genesis read from the nodes that serve it decides "other network".</summary>
public sealed class OtherNetworkOnDevnetTests
{
    [Fact]
    public async Task A_node_of_another_genesis_is_other_network_in_its_row_and_groups_and_the_rest_keep_their_versions()
    {
        // Nine nodes: ethlambda_0 (index 4) serves genesis on this network; zeam_1 (index 8) is another network's node.
        var layout = Enumerable.Repeat(Persona.Healthy, 9).ToArray();
        layout[8] = Persona.OtherNetwork;
        await using var devnet = await SimulatedDevnet.StartAsync(DevnetTestClient.Options(13, DevnetTestClient.NewClock(), [.. layout, .. Enumerable.Repeat(Persona.Healthy, 4)]), CancellationToken.None);
        var upstreams = devnet.Nodes.Select(n => UpstreamDefinition.Create(n.Name, n.BaseUrl)).ToList();
        await using var poller = new PollerUnderTest(upstreams, timeoutMs: 5000, concurrency: 13);

        await poller.RunRoundAsync();

        var snapshot = poller.Snapshot;
        var rows = snapshot.Upstreams.ToDictionary(u => u.Name);
        var other = rows[devnet.Nodes[8].Name];
        Assert.Equal(ConsensusStanding.OtherNetwork, other.Standing);
        Assert.Equal(snapshot.Consensus.GenesisTime + 86_400, other.GenesisTime);
        Assert.NotNull(snapshot.Consensus.Finalized);
        Assert.DoesNotContain(other.Name, snapshot.Consensus.FinalizedForks.Where(g => g.Standing != ConsensusStanding.OtherNetwork).SelectMany(g => g.Upstreams));
        Assert.Contains(snapshot.Consensus.FinalizedForks, g => g.Standing == ConsensusStanding.OtherNetwork && g.Upstreams.Contains(other.Name));
        Assert.DoesNotContain(snapshot.Upstreams, r => r.Standing == ConsensusStanding.Fork);

        var ethlambda = rows[devnet.Nodes[4].Name];
        Assert.Equal(ConsensusStanding.InConsensus, ethlambda.Standing);
        Assert.StartsWith("ethlambda/", ethlambda.ClientVersion, StringComparison.Ordinal);
        Assert.False(ethlambda.Syncing!.IsSyncing);
        Assert.StartsWith("ream/", rows[devnet.Nodes[1].Name].ClientVersion, StringComparison.Ordinal);
        Assert.Null(rows[devnet.Nodes[0].Name].ClientVersion);
        Assert.Null(rows[devnet.Nodes[0].Name].GenesisTime);
    }
}
