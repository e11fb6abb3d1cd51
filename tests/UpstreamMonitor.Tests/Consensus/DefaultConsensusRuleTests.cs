using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using static UpstreamMonitor.Tests.Consensus.ConsensusRows;

namespace UpstreamMonitor.Tests.Consensus;

public sealed class DefaultConsensusRuleTests
{
    private readonly DefaultConsensusRule _rule = new();

    private static MonitorStatus PublishedAt(long finalized, char root = 'f') => MonitorStatus.Initial with
    {
        Chain = new ChainCheckpoints(default, default, new ObservedCheckpoint(finalized, Root(root))),
    };

    private static ConsensusView MajorityAt(long finalized, long justified, char root = 'f') => ConsensusView.None(3, 50) with
    {
        Finalized = new CheckpointVote(finalized, Root(root), 2),
        Justified = new CheckpointVote(justified, Root('j'), 2),
    };

    [Fact]
    public void Decide_is_the_majority_of_the_configured_upstreams()
    {
        var view = _rule.Decide([Ok("a", 40), Ok("b", 40), Failed("c")], 50);

        Assert.Equal(new CheckpointVote(40, Root('f'), 2), view.Finalized);
        Assert.Null(_rule.Decide([Ok("a", 40), Failed("b"), Failed("c")], 50).Finalized);
    }

    [Fact]
    public void Finality_is_never_published_backwards_but_may_stay_or_advance()
    {
        Assert.False(_rule.MayPublish(new CheckpointVote(36, Root('e'), 3), PublishedAt(40)));
        Assert.True(_rule.MayPublish(new CheckpointVote(40, Root('f'), 3), PublishedAt(40)));
        Assert.True(_rule.MayPublish(new CheckpointVote(44, Root('g'), 3), PublishedAt(40)));
        Assert.True(_rule.MayPublish(new CheckpointVote(0, Root('0'), 3), MonitorStatus.Initial));
    }

    [Fact]
    public void Standing_is_in_consensus_behind_fork_or_unknown()
    {
        var published = PublishedAt(40);
        var consensus = MajorityAt(40, 44);

        Assert.Equal(ConsensusStanding.InConsensus, _rule.Classify(Ok("a", 40), published, consensus));
        Assert.Equal(ConsensusStanding.Behind, _rule.Classify(Ok("b", 36, 'e'), published, consensus));
        Assert.Equal(ConsensusStanding.Fork, _rule.Classify(Ok("c", 40, 'x'), published, consensus));
        Assert.Equal(ConsensusStanding.Fork, _rule.Classify(Ok("d", 48, 'y'), published, consensus));

        // Slots without roots (fallback) are behind or unknown, never a fork; without a majority nothing is a fork.
        Assert.Equal(ConsensusStanding.Behind, _rule.Classify(Fallback("e", 36), published, consensus));
        Assert.Equal(ConsensusStanding.Unknown, _rule.Classify(Fallback("f", 40), published, consensus));
        Assert.Equal(ConsensusStanding.Unknown, _rule.Classify(Ok("g", 40, 'x'), published, ConsensusView.None(3, 50)));
    }

    [Fact]
    public void A_failing_upstream_is_not_in_consensus_even_on_the_agreed_checkpoint()
    {
        var standing = _rule.Classify(Failed("a"), PublishedAt(40), MajorityAt(40, 44));

        // As before the redesign: its last-known finalized root at the agreed slot reads as not on the consensus.
        Assert.NotEqual(ConsensusStanding.InConsensus, standing);
    }

    [Fact]
    public async Task A_newer_state_is_vouched_only_up_to_the_majoritys_justified_slot_and_when_the_node_finalized_it()
    {
        var consensus = MajorityAt(40, 44);
        var asked = 0;
        ValueTask<Checkpoint?> NodeFinalized(long slot)
        {
            asked++;
            return ValueTask.FromResult<Checkpoint?>(new Checkpoint(slot, Root('n')));
        }

        Assert.Equal(new Checkpoint(42, Root('n')), await _rule.VouchAsync(42, consensus, _ => NodeFinalized(42), CancellationToken.None));
        Assert.Equal(new Checkpoint(44, Root('n')), await _rule.VouchAsync(44, consensus, _ => NodeFinalized(44), CancellationToken.None));

        // The node has finalized yet another slot since: not the state it served.
        Assert.Null(await _rule.VouchAsync(42, consensus, _ => NodeFinalized(43), CancellationToken.None));
        Assert.Null(await _rule.VouchAsync(42, consensus, _ => ValueTask.FromResult<Checkpoint?>(null), CancellationToken.None));
        Assert.Equal(3, asked);

        // Beyond the justified majority, or without one, the node is not even asked.
        Assert.Null(await _rule.VouchAsync(45, consensus, _ => NodeFinalized(45), CancellationToken.None));
        Assert.Null(await _rule.VouchAsync(42, ConsensusView.None(3, 50), _ => NodeFinalized(42), CancellationToken.None));
        Assert.Equal(3, asked);
    }

    [Fact]
    public async Task Vouching_passes_the_callers_cancellation_to_the_node_query()
    {
        using var cts = new CancellationTokenSource();
        CancellationToken seen = default;

        await _rule.VouchAsync(42, MajorityAt(40, 44), ct =>
        {
            seen = ct;
            return ValueTask.FromResult<Checkpoint?>(null);
        }, cts.Token);

        Assert.Equal(cts.Token, seen);
    }
}
