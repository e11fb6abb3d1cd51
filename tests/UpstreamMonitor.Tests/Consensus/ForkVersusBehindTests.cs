using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;
using static UpstreamMonitor.Tests.LeanApi.ForkChoiceTree;

namespace UpstreamMonitor.Tests.Consensus;

/// <summary>Fork versus behind versus ahead from the fork-choice ancestry (decision 0412), rows and groups alike.</summary>
public sealed class ForkVersusBehindTests
{
    private readonly DefaultConsensusRule _rule = new();

    private static UpstreamStatus Row(string name, byte[] body)
    {
        var snapshot = ForkChoiceParser.Parse(body).Value!;
        return new UpstreamStatus
        {
            Definition = UpstreamDefinition.Create(name, new Uri("http://127.0.0.1:5052")),
            State = UpstreamPollState.Ok,
            Healthy = true,
            Chain = snapshot.Chain,
            Ancestry = snapshot.Ancestry,
        };
    }

    private (ConsensusView Consensus, Dictionary<string, ConsensusStanding> Standings) Classify(params UpstreamStatus[] rows)
    {
        var consensus = _rule.Decide(rows, 50);
        var published = MonitorStatus.Initial with { Chain = new ChainCheckpoints(default, default, consensus.Finalized!.Checkpoint) };
        return (consensus, rows.ToDictionary(r => r.Name, r => _rule.Classify(r, published, consensus)));
    }

    private static UpstreamStatus[] Majority() =>
    [
        Row("m1", Body(finalized: 40, head: 48)),
        Row("m2", Body(finalized: 40, head: 48)),
        Row("m3", Body(finalized: 40, head: 48)),
    ];

    [Fact]
    public void A_node_behind_on_the_majoritys_chain_is_behind_and_so_is_its_group()
    {
        var (consensus, standings) = Classify([.. Majority(), Row("lagging", Body(finalized: 36, head: 44))]);

        Assert.Equal(ConsensusStanding.InConsensus, standings["m1"]);
        Assert.Equal(ConsensusStanding.Behind, standings["lagging"]);
        Assert.Equal(ConsensusStanding.Behind, Assert.Single(consensus.FinalizedForks, g => !g.IsMajority).Standing);
        Assert.Equal(ConsensusStanding.Behind, Assert.Single(consensus.HeadForks, g => !g.IsMajority).Standing);
    }

    [Fact]
    public void A_node_with_an_older_finalized_checkpoint_on_another_branch_is_a_fork_not_behind()
    {
        // Left the canonical chain after slot 30: finalized 36 on its own branch, which the slot rule alone calls behind.
        var (consensus, standings) = Classify([.. Majority(), Row("forked", Body(finalized: 36, head: 46, branch: 'b', forkSlot: 30))]);

        Assert.Equal(ConsensusStanding.Fork, standings["forked"]);
        Assert.Equal(ConsensusStanding.Fork, Assert.Single(consensus.FinalizedForks, g => !g.IsMajority).Standing);
    }

    [Fact]
    public void A_head_on_another_branch_over_the_agreed_finalized_checkpoint_is_a_fork()
    {
        var (consensus, standings) = Classify([.. Majority(), Row("split", Body(finalized: 40, head: 48, branch: 'c', forkSlot: 44))]);

        Assert.Equal(ConsensusStanding.Fork, standings["split"]);
        Assert.Equal(ConsensusStanding.Fork, Assert.Single(consensus.HeadForks, g => !g.IsMajority).Standing);
        Assert.True(Assert.Single(consensus.FinalizedForks).IsMajority);
    }

    [Fact]
    public void A_node_that_finalized_further_on_the_same_chain_is_ahead_not_a_fork()
    {
        var (consensus, standings) = Classify([.. Majority(), Row("quick", Body(finalized: 44, head: 49))]);

        Assert.Equal(ConsensusStanding.Ahead, standings["quick"]);
        Assert.Equal(ConsensusStanding.Ahead, Assert.Single(consensus.FinalizedForks, g => !g.IsMajority).Standing);
    }

    [Fact]
    public void Without_ancestry_the_slot_rule_stands()
    {
        var (_, standings) = Classify(
        [
            .. Majority(),
            Row("old", Body(finalized: 32, head: 38, branch: 'b', forkSlot: 30)) with { Ancestry = null },
            Row("later", Body(finalized: 44, head: 49)) with { Ancestry = null },
        ]);

        // The majority's chain covers slots 40 to 48 only, and these rows carry none: an older branch reads as behind, a
        // later finalized root as a fork, as the slot rule has it.
        Assert.Equal(ConsensusStanding.Behind, standings["old"]);
        Assert.Equal(ConsensusStanding.Fork, standings["later"]);
    }

    [Fact]
    public void The_majority_chain_is_a_row_on_the_majority_head()
    {
        UpstreamStatus[] rows = [.. Majority(), Row("split", Body(finalized: 40, head: 48, branch: 'c', forkSlot: 44))];

        var consensus = _rule.Decide(rows, 50);

        Assert.Equal(ChainVerdict.OnChain, consensus.MajorityChain!.Judge(48, Root('a', 48)));
    }
}
