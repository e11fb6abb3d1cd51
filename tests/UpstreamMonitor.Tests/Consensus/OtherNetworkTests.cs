using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;
using static UpstreamMonitor.Tests.Consensus.ConsensusRows;

namespace UpstreamMonitor.Tests.Consensus;

/// <summary>A genesis time other than the majority's is another network, not a fork (decision 0904).</summary>
public sealed class OtherNetworkTests
{
    private const long Genesis = 1_772_366_000;
    private const long Reset = Genesis + 86_400;

    private readonly DefaultConsensusRule _rule = new();

    [Fact]
    public void A_node_of_another_genesis_reads_other_network_does_not_vote_and_is_listed_apart_from_the_forks()
    {
        UpstreamStatus[] rows =
        [
            Ok("a", 40) with { GenesisTime = Genesis },
            Ok("b", 40) with { GenesisTime = Genesis },
            Ok("c", 40),
            Ok("d", 12, 'x', headRoot: 'y') with { GenesisTime = Reset },
        ];

        var view = _rule.Decide(rows, 50);

        Assert.Equal(Genesis, view.GenesisTime);
        Assert.Equal(new CheckpointVote(40, Root('f'), 3), view.Finalized);
        Assert.Equal(4, view.RespondingUpstreams);
        var own = Assert.Single(view.FinalizedForks, f => f.Standing != ConsensusStanding.OtherNetwork);
        Assert.Equal(["a", "b", "c"], own.Upstreams);
        var other = Assert.Single(view.FinalizedForks, f => f.Standing == ConsensusStanding.OtherNetwork);
        Assert.Equal((12L, Root('x'), false), (other.Slot, other.Root, other.IsMajority));
        Assert.Equal(["d"], other.Upstreams);

        // The head groups hold this network's heads only: another network's head is not a fork of it.
        Assert.DoesNotContain(view.HeadForks, f => f.Upstreams.Contains("d"));
        Assert.DoesNotContain(view.FinalizedForks, f => f.Standing == ConsensusStanding.Fork);

        var published = MonitorStatus.Initial with { Chain = new UpstreamMonitor.LeanApi.ChainCheckpoints(default, default, new UpstreamMonitor.LeanApi.ObservedCheckpoint(40, Root('f'))) };
        Assert.Equal(ConsensusStanding.OtherNetwork, _rule.Classify(rows[3], published, view));
        Assert.Equal(ConsensusStanding.InConsensus, _rule.Classify(rows[0], published, view));

        // Not knowing a genesis time is never evidence: c serves no genesis route and stays in consensus.
        Assert.Equal(ConsensusStanding.InConsensus, _rule.Classify(rows[2], published, view));
    }

    [Fact]
    public void Another_network_on_the_same_roots_is_still_another_network()
    {
        UpstreamStatus[] rows = [Ok("a", 40) with { GenesisTime = Genesis }, Ok("b", 40) with { GenesisTime = Genesis }, Ok("c", 40) with { GenesisTime = Reset }];

        var view = _rule.Decide(rows, 50);

        Assert.Equal(new CheckpointVote(40, Root('f'), 2), view.Finalized);
        var published = MonitorStatus.Initial with { Chain = new UpstreamMonitor.LeanApi.ChainCheckpoints(default, default, new UpstreamMonitor.LeanApi.ObservedCheckpoint(40, Root('f'))) };
        Assert.Equal(ConsensusStanding.OtherNetwork, _rule.Classify(rows[2], published, view));
    }

    [Fact]
    public void A_tie_between_genesis_times_names_no_majority_so_no_one_is_another_network()
    {
        UpstreamStatus[] rows = [Ok("a", 40) with { GenesisTime = Genesis }, Ok("b", 40) with { GenesisTime = Reset }, Ok("c", 40)];

        Assert.Null(ChainRelation.MajorityGenesisTime(rows));
        Assert.Null(ChainRelation.MajorityGenesisTime([Ok("a", 40), Ok("b", 40)]));
        Assert.Equal(Genesis, ChainRelation.MajorityGenesisTime([.. rows, Failed("d") with { GenesisTime = Genesis }]));
        Assert.DoesNotContain(_rule.Decide(rows, 50).FinalizedForks, f => f.Standing == ConsensusStanding.OtherNetwork);
        Assert.False(ChainRelation.IsOtherNetwork(Reset, null));
        Assert.False(ChainRelation.IsOtherNetwork(null, Genesis));
        Assert.True(ChainRelation.IsOtherNetwork(Reset, Genesis));
    }
}
