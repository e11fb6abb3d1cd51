using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Consensus;

/// <summary>
/// Three independent majorities per round: finalized (slot, root), justified (slot, root) and head (root, slot).
/// A majority is strictly more than the threshold percentage of the <em>configured</em> upstreams, not of those that
/// answered: one responding node of five is never a majority. Only rows polled successfully this round with roots vote;
/// fallback rows (slots without roots) are shown but cannot vote. The tally behind <see cref="DefaultConsensusRule"/>.
/// </summary>
internal static class ConsensusCalculator
{
    /// <summary>Strictly more than <paramref name="thresholdPercent"/>% of <paramref name="configured"/> (integer arithmetic).</summary>
    public static bool IsMajority(int votes, int configured, int thresholdPercent) =>
        votes > 0 && (long)votes * 100 > (long)configured * thresholdPercent;

    public static ConsensusView Compute(IReadOnlyList<UpstreamStatus> rows, int thresholdPercent)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var configured = rows.Count;
        var responding = 0;
        var finalized = new Tally(keyBySlot: true);
        var justified = new Tally(keyBySlot: true);
        var head = new Tally(keyBySlot: false);
        var otherNetwork = new Tally(keyBySlot: true);
        var genesisTime = ChainRelation.MajorityGenesisTime(rows);
        foreach (var row in rows)
        {
            if (row.State != UpstreamPollState.Ok)
            {
                continue;
            }

            responding++;
            if (row.FromFallback)
            {
                continue;
            }

            if (ChainRelation.IsOtherNetwork(row.GenesisTime, genesisTime))
            {
                // Another network's checkpoints are shown apart and never vote (decision 0904).
                if (row.Chain.Finalized is { Root: { } otherRoot, Slot: { } otherSlot })
                {
                    otherNetwork.Add(otherRoot, otherSlot, row.Name, null);
                }

                continue;
            }

            var chain = row.Chain;
            if (chain.Finalized is { Root: { } finalizedRoot, Slot: { } finalizedSlot })
            {
                finalized.Add(finalizedRoot, finalizedSlot, row.Name, row.Ancestry);
            }

            if (chain.Justified is { Root: { } justifiedRoot, Slot: { } justifiedSlot })
            {
                justified.Add(justifiedRoot, justifiedSlot, row.Name, row.Ancestry);
            }

            if (chain.Head.Root is { } headRoot)
            {
                head.Add(headRoot, chain.Head.Slot, row.Name, row.Ancestry);
            }
        }

        var finalizedVote = finalized.Majority(configured, thresholdPercent);
        var headVote = head.Majority(configured, thresholdPercent);
        var majorityChain = MajorityChain(rows, finalizedVote, headVote);
        return new ConsensusView
        {
            TotalUpstreams = configured,
            RespondingUpstreams = responding,
            ThresholdPercent = thresholdPercent,
            Finalized = finalizedVote,
            Justified = justified.Majority(configured, thresholdPercent),
            Head = headVote,
            FinalizedForks = [.. finalized.Forks(finalizedVote, majorityChain), .. otherNetwork.OtherNetworkGroups()],
            HeadForks = head.Forks(headVote, headVote is null ? null : majorityChain),
            MajorityChain = majorityChain,
            GenesisTime = genesisTime,
        };
    }

    /// <summary>
    /// A voting row on the majority's finalized checkpoint and on the majority head when there is one (otherwise the one
    /// with the newest head): its ancestry stands for the majority's history.
    /// </summary>
    private static ChainAncestry? MajorityChain(IReadOnlyList<UpstreamStatus> rows, CheckpointVote? finalized, CheckpointVote? head)
    {
        if (finalized is null)
        {
            return null;
        }

        ChainAncestry? best = null;
        foreach (var row in rows)
        {
            if (row is not { State: UpstreamPollState.Ok, FromFallback: false, Ancestry: { } ancestry }
                || row.Chain.Finalized.Slot != finalized.Slot
                || !string.Equals(row.Chain.Finalized.Root, finalized.Root, StringComparison.Ordinal))
            {
                continue;
            }

            if (head is not null)
            {
                if (string.Equals(row.Chain.Head.Root, head.Root, StringComparison.Ordinal))
                {
                    return ancestry;
                }

                continue;
            }

            if (best is null || ancestry.HeadSlot > best.HeadSlot)
            {
                best = ancestry;
            }
        }

        return best;
    }

    /// <summary>
    /// Votes per checkpoint: (slot, root) for finalized and justified; by root alone for the head, whose slot a node may
    /// not know (head absent from its <c>nodes</c>) without disagreeing about it.
    /// </summary>
    private sealed class Tally(bool keyBySlot)
    {
        private readonly Dictionary<(string Root, long? Slot), Group> _groups = [];
        private Group? _majorityGroup;

        public void Add(string root, long? slot, string upstream, ChainAncestry? chain)
        {
            var key = (root, keyBySlot ? slot : null);
            if (!_groups.TryGetValue(key, out var group))
            {
                group = new Group(root);
                _groups.Add(key, group);
            }

            group.Upstreams.Add(upstream);
            group.Chain ??= chain;
            if (slot is { } known && (group.Slot is null || known > group.Slot))
            {
                group.Slot = known;
            }
        }

        public CheckpointVote? Majority(int configured, int thresholdPercent)
        {
            Group? best = null;
            foreach (var group in _groups.Values)
            {
                if (best is null || group.Upstreams.Count > best.Upstreams.Count
                    || (group.Upstreams.Count == best.Upstreams.Count && (group.Slot ?? -1) > (best.Slot ?? -1)))
                {
                    best = group;
                }
            }

            if (best is null || !IsMajority(best.Upstreams.Count, configured, thresholdPercent))
            {
                return null;
            }

            _majorityGroup = best;
            return new CheckpointVote(best.Slot ?? 0, best.Root, best.Upstreams.Count);
        }

        /// <summary>Distinct roots, the majority first, then by votes and slot; each with its standing against the majority.</summary>
        public IReadOnlyList<ForkGroup> Forks(CheckpointVote? majority, ChainAncestry? majorityChain) =>
            [.. _groups.Values
                .Select(g => new ForkGroup(
                    g.Slot,
                    g.Root,
                    g.Upstreams,
                    majority is not null && ReferenceEquals(g, _majorityGroup),
                    majority is null ? ConsensusStanding.Unknown
                        : ReferenceEquals(g, _majorityGroup) ? ConsensusStanding.InConsensus
                        : ChainRelation.Relate(new ObservedCheckpoint(g.Slot, g.Root), g.Chain, majority, majorityChain)))
                .OrderByDescending(f => f.IsMajority)
                .ThenByDescending(f => f.Upstreams.Count)
                .ThenByDescending(f => f.Slot ?? -1)
                .ThenBy(f => f.Root, StringComparer.Ordinal)];

        /// <summary>Groups of rows on another network: listed after this network's, never a majority.</summary>
        public IEnumerable<ForkGroup> OtherNetworkGroups() =>
            _groups.Values
                .OrderByDescending(g => g.Upstreams.Count)
                .ThenBy(g => g.Root, StringComparer.Ordinal)
                .Select(g => new ForkGroup(g.Slot, g.Root, g.Upstreams, false, ConsensusStanding.OtherNetwork));

        private sealed class Group(string root)
        {
            public string Root { get; } = root;

            public long? Slot { get; set; }

            public List<string> Upstreams { get; } = [];

            /// <summary>The ancestry of the first member that served one.</summary>
            public ChainAncestry? Chain { get; set; }
        }
    }
}
