using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Consensus;

/// <summary>
/// The majority rule (decision 0400): strictly more than the threshold of the configured upstreams, finality never
/// published backwards, fork versus behind decided by the finalized slot.
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
        var agreed = published.Chain.Finalized;
        var finalized = row.Chain.Finalized;
        if (row.State == UpstreamPollState.Ok
            && agreed.Root is not null
            && finalized.Slot == (agreed.Slot ?? 0)
            && string.Equals(finalized.Root, agreed.Root, StringComparison.Ordinal))
        {
            return ConsensusStanding.InConsensus;
        }

        // Fork and behind compare with this round's majority: without one there is nothing to be forked from.
        if (consensus.Finalized is not { } majority || finalized.Slot is not { } slot)
        {
            return ConsensusStanding.Unknown;
        }

        if (slot < majority.Slot)
        {
            return ConsensusStanding.Behind;
        }

        return finalized.Root is not null ? ConsensusStanding.Fork : ConsensusStanding.Unknown;
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
