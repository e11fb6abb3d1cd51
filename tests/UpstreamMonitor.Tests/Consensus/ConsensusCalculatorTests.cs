using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;
using static UpstreamMonitor.Tests.Consensus.ConsensusRows;

namespace UpstreamMonitor.Tests.Consensus;

public sealed class ConsensusCalculatorTests
{

    [Theory]
    [InlineData(2, 4, 50, false)] // half is not more than half
    [InlineData(3, 4, 50, true)]
    [InlineData(3, 5, 50, true)]
    [InlineData(1, 5, 50, false)] // one responder of five is never a majority
    [InlineData(1, 1, 50, true)]
    [InlineData(2, 3, 66, true)]  // 66.7 % > 66 %
    [InlineData(2, 3, 67, false)]
    [InlineData(0, 0, 50, false)]
    public void Majority_is_strictly_more_than_the_threshold_of_configured_upstreams(int votes, int configured, int threshold, bool majority) =>
        Assert.Equal(majority, ConsensusCalculator.IsMajority(votes, configured, threshold));

    [Fact]
    public void Two_of_four_agreeing_is_no_consensus()
    {
        var view = ConsensusCalculator.Compute([Ok("a", 40), Ok("b", 40), Ok("c", 36, 'e'), Failed("d")], 50);

        Assert.Null(view.Finalized);
        Assert.False(view.HasConsensus);
        Assert.Equal((4, 3), (view.TotalUpstreams, view.RespondingUpstreams));
    }

    [Fact]
    public void Three_of_five_is_consensus_even_with_two_down()
    {
        var view = ConsensusCalculator.Compute([Ok("a", 40), Ok("b", 40), Ok("c", 40), Failed("d"), Failed("e", UpstreamPollState.Timeout)], 50);

        Assert.Equal(new CheckpointVote(40, Root('f'), 3), view.Finalized);
        Assert.Equal(new CheckpointVote(44, Root('j'), 3), view.Justified);
        Assert.Equal(new CheckpointVote(48, Root('h'), 3), view.Head);
    }

    [Fact]
    public void One_responder_of_five_is_never_a_majority_unlike_leanpoint()
    {
        var view = ConsensusCalculator.Compute(
            [Ok("a", 40), Failed("b"), Failed("c", UpstreamPollState.Skipped), Failed("d", UpstreamPollState.InFlight), Failed("e", UpstreamPollState.Pending)],
            50);

        Assert.Null(view.Finalized);
        Assert.Null(view.Justified);
        Assert.Null(view.Head);
        Assert.Equal(1, view.RespondingUpstreams);
    }

    [Fact]
    public void The_three_majorities_are_independent()
    {
        // Everyone agrees on finality; the heads split 2/2/1 during a short reorg.
        var view = ConsensusCalculator.Compute(
            [Ok("a", 40, head: 50, headRoot: 'x'), Ok("b", 40, head: 50, headRoot: 'x'), Ok("c", 40, head: 50, headRoot: 'y'), Ok("d", 40, head: 50, headRoot: 'y'), Ok("e", 40, head: 49, headRoot: 'z')],
            50);

        Assert.Equal(5, view.Finalized?.Votes);
        Assert.Equal(5, view.Justified?.Votes);
        Assert.Null(view.Head);
        Assert.Equal(3, view.HeadForks.Count);
        Assert.All(view.HeadForks, f => Assert.False(f.IsMajority));
    }

    [Fact]
    public void Justified_votes_on_slot_and_root_together()
    {
        var view = ConsensusCalculator.Compute([Ok("a", 40, justified: 44), Ok("b", 40, justified: 45), Ok("c", 40, justified: 46)], 50);

        Assert.NotNull(view.Finalized);
        Assert.Null(view.Justified); // same root text, three different slots: three checkpoints
    }

    [Fact]
    public void Fallback_rows_respond_but_cannot_vote_on_roots()
    {
        var view = ConsensusCalculator.Compute([Fallback("a", 40), Fallback("b", 40), Ok("c", 40), Ok("d", 40), Failed("e")], 50);

        Assert.Equal(4, view.RespondingUpstreams);
        Assert.Null(view.Finalized); // 2 root votes of 5 configured
        Assert.Equal(["c", "d"], Assert.Single(view.FinalizedForks).Upstreams);
    }

    [Fact]
    public void Forks_list_each_distinct_root_with_its_upstreams_majority_first()
    {
        var view = ConsensusCalculator.Compute(
            [Ok("a", 36, 'e', headRoot: 'k'), Ok("b", 40, head: 48), Ok("c", 40, head: 48), Ok("d", 40, head: 48), Ok("e", 36, 'e', headRoot: 'k')],
            50);

        Assert.Collection(
            view.FinalizedForks,
            major =>
            {
                Assert.Equal((40L, Root('f'), true), (major.Slot!.Value, major.Root, major.IsMajority));
                Assert.Equal(["b", "c", "d"], major.Upstreams);
            },
            minor =>
            {
                Assert.Equal((36L, Root('e'), false), (minor.Slot!.Value, minor.Root, minor.IsMajority));
                Assert.Equal(["a", "e"], minor.Upstreams);
            });
        Assert.Equal([Root('h'), Root('k')], view.HeadForks.Select(f => f.Root));
        Assert.True(view.HeadForks[0].IsMajority);
    }

    [Fact]
    public void A_head_whose_slot_a_node_does_not_know_still_votes_by_root()
    {
        var known = Ok("c", 40);
        var unknownSlot = known with { Chain = known.Chain with { Head = known.Chain.Head with { Slot = null } } };

        var view = ConsensusCalculator.Compute([Ok("a", 40), Ok("b", 40), unknownSlot], 50);

        Assert.Equal(new CheckpointVote(48, Root('h'), 3), view.Head);
    }

    [Fact]
    public void The_threshold_is_configurable()
    {
        IReadOnlyList<UpstreamStatus> rows = [Ok("a", 40), Ok("b", 40), Ok("c", 40), Ok("d", 36, 'e')];

        Assert.NotNull(ConsensusCalculator.Compute(rows, 50).Finalized);
        Assert.Null(ConsensusCalculator.Compute(rows, 75).Finalized); // 3 of 4 is 75 %, not more
        Assert.Equal(75, ConsensusCalculator.Compute(rows, 75).ThresholdPercent);
    }
}
