using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Ssz.Forks;
using UpstreamMonitor.Tests.CheckpointSync;
using UpstreamMonitor.Tests.Http;
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
    public void Only_a_finalized_majority_below_the_published_one_is_a_regression()
    {
        Assert.True(_rule.IsFinalityRegression(new CheckpointVote(36, Root('e'), 3), PublishedAt(40)));
        Assert.False(_rule.IsFinalityRegression(new CheckpointVote(40, Root('f'), 3), PublishedAt(40)));
        Assert.False(_rule.IsFinalityRegression(new CheckpointVote(44, Root('g'), 3), PublishedAt(40)));
        Assert.False(_rule.IsFinalityRegression(new CheckpointVote(0, Root('0'), 3), MonitorStatus.Initial));
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
    public async Task The_consensus_finalized_block_is_vouched_and_another_root_at_its_slot_is_refused_with_both_roots()
    {
        var chain = new VerifiedChain();
        var consensus = chain.Devnet(1, TestSnapshots.Start, 96).Consensus;

        var vouched = await VouchAsync(chain.State(96), consensus);
        var refused = await VouchAsync(chain.State(96, fork: true), consensus);

        Assert.Equal(VouchDecision.Yes, vouched);
        Assert.False(refused.Vouched);
        Assert.StartsWith($"checkpoint state does not match finalized root {chain.Root(96)}: hash_tree_root 0x", refused.Reason, StringComparison.Ordinal);
        Assert.EndsWith($"(block root {chain.Root(96, fork: true)})", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_newer_state_is_vouched_when_it_records_the_consensus_finalized_root_at_its_slot()
    {
        var chain = new VerifiedChain();
        var consensus = chain.Devnet(1, TestSnapshots.Start, 96).Consensus;

        Assert.Equal(VouchDecision.Yes, await VouchAsync(chain.State(101), consensus));

        var otherChain = await VouchAsync(chain.State(101, fork: true), consensus);
        Assert.False(otherChain.Vouched);
        Assert.EndsWith($"records {chain.Root(96, fork: true)} at slot 96", otherChain.Reason, StringComparison.Ordinal);

        var older = await VouchAsync(chain.State(92), consensus);
        Assert.Equal("checkpoint state at slot 92 is older than the consensus finalized slot 96", older.Reason);

        var none = await VouchAsync(chain.State(96), ConsensusView.None(3, 50));
        Assert.Equal("no consensus finalized checkpoint to check the state against", none.Reason);
    }

    [Fact]
    public async Task A_newer_state_on_another_branch_than_the_majoritys_fork_choice_is_refused()
    {
        var chain = new VerifiedChain();

        // The majority's fork choice holds 96 and a branch 97..101 that is not the one the state's blocks are on.
        var blocks = new List<ForkChoiceBlock> { new(Key(chain.Root(96)), null, 96) };
        for (var slot = 97L; slot <= 101; slot++)
        {
            blocks.Add(new(Key(chain.Root(slot, fork: true)), Key(slot == 97 ? chain.Root(96) : chain.Root(slot - 1, fork: true)), slot));
        }

        var majorityChain = ChainAncestry.Walk(blocks.ToArray(), Key(chain.Root(101, fork: true)));
        var consensus = chain.Devnet(1, TestSnapshots.Start, 96).Consensus with { MajorityChain = majorityChain };

        var decision = await VouchAsync(chain.State(101), consensus);

        Assert.NotNull(majorityChain);
        Assert.False(decision.Vouched);
        Assert.EndsWith("is on another branch than the majority's", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vouching_observes_the_callers_cancellation()
    {
        var chain = new VerifiedChain();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await _rule.VouchAsync(Summary(chain.State(96)), chain.State(96), chain.Devnet(1, TestSnapshots.Start, 96).Consensus, cts.Token));
    }

    private static ulong Key(string root)
    {
        Assert.True(RootKey.TryRead(root.AsSpan(), out var key));
        return key;
    }

    private static LstarStateSummary Summary(byte[] state)
    {
        Assert.True(Lstar.TryReadState(state, out var summary, out var error), error);
        return summary!;
    }

    private ValueTask<VouchDecision> VouchAsync(byte[] state, ConsensusView consensus) =>
        _rule.VouchAsync(Summary(state), state, consensus, CancellationToken.None);
}
