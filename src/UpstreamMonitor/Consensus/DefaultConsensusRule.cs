using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Consensus;

/// <summary>
/// The majority rule (decision 0400): strictly more than the threshold of the configured upstreams, finality never
/// published backwards, fork versus behind decided by the fork-choice ancestry where nodes serve it (decision 0412).
/// </summary>
internal sealed class DefaultConsensusRule : IConsensusRule
{
    public ConsensusView Decide(IReadOnlyList<UpstreamStatus> rows, int thresholdPercent) => ConsensusCalculator.Compute(rows, thresholdPercent);

    public bool MayPublish(CheckpointVote finalized, MonitorStatus published)
    {
        ArgumentNullException.ThrowIfNull(finalized);
        ArgumentNullException.ThrowIfNull(published);
        return published.Chain.Finalized is not { Root: not null } publishedFinalized
            || finalized.Slot >= (publishedFinalized.Slot ?? 0);
    }

    public ConsensusStanding Classify(UpstreamStatus row, MonitorStatus published, ConsensusView consensus)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(consensus);

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

    public async ValueTask<Checkpoint?> VouchAsync(
        long servedSlot,
        ConsensusView consensus,
        Func<CancellationToken, ValueTask<Checkpoint?>> reportedFinalized,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consensus);
        ArgumentNullException.ThrowIfNull(reportedFinalized);

        // Beyond the majority's justified checkpoint nothing vouches for it (decision 0505); the node is not even asked.
        if (consensus.Justified is not { } justified || servedSlot > justified.Slot)
        {
            return null;
        }

        var reported = await reportedFinalized(cancellationToken);
        return reported is { } checkpoint && checkpoint.Slot == servedSlot ? checkpoint : null;
    }
}
