using UpstreamMonitor.Consensus;
using UpstreamMonitor.Simulator;
using UpstreamMonitor.Tests.Faults;
using UpstreamMonitor.Tests.Simulator;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Consensus;

/// <summary>The real poller over simulated nodes: the ancestry read from real fork-choice bodies drives the standing.</summary>
public sealed class ForkVersusBehindOnDevnetTests
{
    [Fact]
    public async Task A_laggard_is_behind_and_a_minority_fork_is_a_fork_in_rows_and_groups()
    {
        var clock = DevnetTestClient.NewClock();
        await using var devnet = await SimulatedDevnet.StartAsync(
            DevnetTestClient.Options(5, clock, Persona.Healthy, Persona.Healthy, Persona.Healthy, Persona.Laggard, Persona.MinorityFork),
            CancellationToken.None);
        var upstreams = devnet.Nodes.Select(n => UpstreamDefinition.Create(n.Name, n.BaseUrl)).ToList();
        await using var poller = new PollerUnderTest(upstreams, timeoutMs: 5000, concurrency: 5);

        await poller.RunRoundAsync();

        var snapshot = poller.Snapshot;
        var rows = snapshot.Upstreams.ToDictionary(u => u.Name);
        var laggard = rows[devnet.Nodes[3].Name];
        var fork = rows[devnet.Nodes[4].Name];
        Assert.All(rows.Values, r => Assert.NotNull(r.Ancestry));
        Assert.Equal(ConsensusStanding.InConsensus, rows[devnet.Nodes[0].Name].Standing);
        Assert.Equal(ConsensusStanding.Behind, laggard.Standing);
        Assert.Equal(ConsensusStanding.Fork, fork.Standing);

        var consensus = snapshot.Consensus;
        Assert.Equal(ConsensusStanding.Behind, consensus.HeadForks.Single(g => g.Upstreams.Contains(laggard.Name)).Standing);
        Assert.Equal(ConsensusStanding.Fork, consensus.HeadForks.Single(g => g.Upstreams.Contains(fork.Name)).Standing);
        Assert.Equal(ConsensusStanding.InConsensus, consensus.HeadForks.Single(g => g.IsMajority).Standing);
    }
}
