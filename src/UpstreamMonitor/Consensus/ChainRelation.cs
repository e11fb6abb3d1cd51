using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Consensus;

/// <summary>
/// Where one checkpoint (a node's finalized or head) stands against the majority's, read from the fork-choice ancestry
/// of both sides (decision 0412). The one place that tells a fork from a node behind or ahead on the same chain; the
/// rows, the fork groups and, through them, the dashboard, the API and the alerts all come from here.
/// </summary>
internal static class ChainRelation
{
    /// <summary>
    /// Whether a node's genesis time puts it on another network than the majority's: only when both are known and
    /// differ (most clients do not serve <c>genesis</c>; not knowing is never evidence).
    /// </summary>
    public static bool IsOtherNetwork(long? genesisTime, long? majorityGenesisTime) =>
        genesisTime is { } own && majorityGenesisTime is { } majority && own != majority;

    /// <summary>
    /// The genesis time most upstreams report (any state: it does not change with health); null when none reports one or
    /// the most common value is tied, so that no node is called another network on a coin toss.
    /// </summary>
    public static long? MajorityGenesisTime(IReadOnlyList<UpstreamStatus> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Dictionary<long, int>? counts = null;
        foreach (var row in rows)
        {
            if (row.GenesisTime is { } genesis)
            {
                counts ??= [];
                counts[genesis] = counts.GetValueOrDefault(genesis) + 1;
            }
        }

        if (counts is null)
        {
            return null;
        }

        long? best = null;
        var bestCount = 0;
        var tied = false;
        foreach (var (genesis, count) in counts)
        {
            if (count > bestCount)
            {
                (best, bestCount, tied) = (genesis, count, false);
            }
            else if (count == bestCount)
            {
                tied = true;
            }
        }

        return tied ? null : best;
    }

    /// <param name="point">The node's checkpoint.</param>
    /// <param name="pointChain">The node's chain (its ancestry), when known.</param>
    /// <param name="majority">The majority's checkpoint of the same kind.</param>
    /// <param name="majorityChain">The majority's chain, when known.</param>
    public static ConsensusStanding Relate(ObservedCheckpoint point, ChainAncestry? pointChain, CheckpointVote majority, ChainAncestry? majorityChain)
    {
        ArgumentNullException.ThrowIfNull(majority);
        if (point.Slot is not { } slot)
        {
            return ConsensusStanding.Unknown;
        }

        if (point.Root is null)
        {
            // Slots without roots (the fallback) can be behind, never provably on another branch.
            return slot < majority.Slot ? ConsensusStanding.Behind : ConsensusStanding.Unknown;
        }

        if (slot == majority.Slot && string.Equals(point.Root, majority.Root, StringComparison.Ordinal))
        {
            return ConsensusStanding.InConsensus;
        }

        // Either chain covering the other's block at its slot decides: present is the same history, absent is a fork.
        var onMajority = majorityChain?.Judge(slot, point.Root) ?? ChainVerdict.Unknown;
        var majorityOnPoint = pointChain?.Judge(majority.Slot, majority.Root) ?? ChainVerdict.Unknown;
        if (onMajority == ChainVerdict.OffChain || majorityOnPoint == ChainVerdict.OffChain)
        {
            return ConsensusStanding.Fork;
        }

        if (slot < majority.Slot)
        {
            return ConsensusStanding.Behind;
        }

        // At the same or a later slot with another root: ahead only when a chain shows it; without ancestry, a fork.
        return onMajority == ChainVerdict.OnChain || majorityOnPoint == ChainVerdict.OnChain
            ? ConsensusStanding.Ahead
            : ConsensusStanding.Fork;
    }
}
