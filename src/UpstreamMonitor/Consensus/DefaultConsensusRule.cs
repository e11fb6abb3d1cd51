using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Ssz.Forks;

namespace UpstreamMonitor.Consensus;

/// <summary>
/// The majority rule (decision 0400): strictly more than the threshold of the configured upstreams, finality moving
/// back published and flagged (decision 0903), fork versus behind decided by the fork-choice ancestry where nodes
/// serve it (decision 0412).
/// </summary>
internal sealed class DefaultConsensusRule : IConsensusRule
{
    public ConsensusView Decide(IReadOnlyList<UpstreamStatus> rows, int thresholdPercent) => ConsensusCalculator.Compute(rows, thresholdPercent);

    public bool IsFinalityRegression(CheckpointVote finalized, MonitorStatus published)
    {
        ArgumentNullException.ThrowIfNull(finalized);
        ArgumentNullException.ThrowIfNull(published);
        return published.Chain.Finalized is { Root: not null } publishedFinalized
            && finalized.Slot < (publishedFinalized.Slot ?? 0);
    }

    public ConsensusStanding Classify(UpstreamStatus row, MonitorStatus published, ConsensusView consensus)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(consensus);

        // Another network is not a fork of this one: it is named first and compared with nothing else.
        if (ChainRelation.IsOtherNetwork(row.GenesisTime, consensus.GenesisTime))
        {
            return ConsensusStanding.OtherNetwork;
        }

        // Fork, behind and ahead compare with this round's majority: without one there is nothing to be forked from.
        var finalized = consensus.Finalized is { } majority
            ? ChainRelation.Relate(row.Chain.Finalized, row.Ancestry, majority, consensus.MajorityChain)
            : ConsensusStanding.Unknown;

        // A head on another branch is a fork even over an agreed finalized checkpoint (the branch has not finalized yet).
        var head = consensus.Head is { } majorityHead
            ? ChainRelation.Relate(row.Chain.Head, row.Ancestry, majorityHead, consensus.MajorityChain)
            : ConsensusStanding.Unknown;
        if (finalized == ConsensusStanding.Fork || head == ConsensusStanding.Fork)
        {
            return ConsensusStanding.Fork;
        }

        var agreed = published.Chain.Finalized;
        if (agreed.Root is not null
            && row.Chain.Finalized.Slot == (agreed.Slot ?? 0)
            && string.Equals(row.Chain.Finalized.Root, agreed.Root, StringComparison.Ordinal))
        {
            // Last-known values of a row that failed this round do not put it on the consensus.
            return row.State == UpstreamPollState.Ok ? ConsensusStanding.InConsensus : ConsensusStanding.Unknown;
        }

        return finalized == ConsensusStanding.InConsensus && row.State != UpstreamPollState.Ok ? ConsensusStanding.Unknown : finalized;
    }

    public ValueTask<VouchDecision> VouchAsync(
        LstarStateSummary state,
        ReadOnlyMemory<byte> stateBytes,
        ConsensusView consensus,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(consensus);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Vouch(state, stateBytes.Span, consensus));
    }

    /// <summary>
    /// The consensus finalized block itself; or a later block whose state records the consensus finalized root at its
    /// slot (it descends from what the majority finalized, so finality moving on mid-download does not restart it) and
    /// that the majority's fork-choice chain, where served, does not place on another branch.
    /// </summary>
    private static VouchDecision Vouch(LstarStateSummary state, ReadOnlySpan<byte> stateBytes, ConsensusView consensus)
    {
        if (consensus.Finalized is not { } finalized)
        {
            return VouchDecision.No("no consensus finalized checkpoint to check the state against");
        }

        if (state.Slot < (ulong)finalized.Slot)
        {
            return VouchDecision.No($"checkpoint state at slot {state.Slot} is older than the consensus finalized slot {finalized.Slot}");
        }

        if (state.Slot == (ulong)finalized.Slot)
        {
            return string.Equals(state.BlockRoot, finalized.Root, StringComparison.Ordinal)
                ? VouchDecision.Yes
                : VouchDecision.No($"checkpoint state does not match finalized root {finalized.Root}: hash_tree_root {state.Root} (block root {state.BlockRoot})");
        }

        var recorded = Lstar.HistoricalBlockHash(stateBytes, (ulong)finalized.Slot);
        if (!string.Equals(recorded, finalized.Root, StringComparison.Ordinal))
        {
            return VouchDecision.No($"checkpoint state does not match finalized root {finalized.Root}: hash_tree_root {state.Root} at slot {state.Slot} records {recorded ?? "no block hash"} at slot {finalized.Slot}");
        }

        return consensus.MajorityChain?.Judge((long)state.Slot, state.BlockRoot) == ChainVerdict.OffChain
            ? VouchDecision.No($"checkpoint state does not match finalized root {finalized.Root}: hash_tree_root {state.Root} of block {state.BlockRoot} at slot {state.Slot} is on another branch than the majority's")
            : VouchDecision.Yes;
    }
}
