using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;

namespace UpstreamMonitor.Snapshots;

/// <summary>A checkpoint a majority agrees on, with its vote count.</summary>
public sealed record CheckpointVote(long Slot, string Root, int Votes)
{
    public Checkpoint Checkpoint => new(Slot, Root);
}

/// <summary>
/// One distinct root (finalized or head) and the upstreams on it; <paramref name="Standing"/> is where it stands against
/// the majority's (fork, or behind or ahead on the same chain), decided by the consensus rule.
/// </summary>
public sealed record ForkGroup(long? Slot, string Root, IReadOnlyList<string> Upstreams, bool IsMajority, ConsensusStanding Standing = ConsensusStanding.Unknown);

/// <summary>
/// What strictly more than <see cref="ThresholdPercent"/>% of the <em>configured</em> upstreams agree on this round.
/// Three independent majorities; null where none was reached.
/// </summary>
public sealed record ConsensusView
{
    public static ConsensusView None(int totalUpstreams, int thresholdPercent) => new()
    {
        TotalUpstreams = totalUpstreams,
        ThresholdPercent = thresholdPercent,
    };

    public int TotalUpstreams { get; init; }

    public int RespondingUpstreams { get; init; }

    public int ThresholdPercent { get; init; } = 50;

    public CheckpointVote? Finalized { get; init; }

    public CheckpointVote? Justified { get; init; }

    public CheckpointVote? Head { get; init; }

    /// <summary>Distinct finalized roots, majority first.</summary>
    public IReadOnlyList<ForkGroup> FinalizedForks { get; init; } = [];

    /// <summary>Distinct head roots, majority first.</summary>
    public IReadOnlyList<ForkGroup> HeadForks { get; init; } = [];

    /// <summary>
    /// The chain of one upstream on the majority's finalized checkpoint (on the majority head too, when one exists): the
    /// majority's history as fork versus behind reads it. Null when no such upstream served its <c>nodes</c>.
    /// </summary>
    public ChainAncestry? MajorityChain { get; init; }

    /// <summary>The genesis time most upstreams report (where served); a row with another one is on another network.</summary>
    public long? GenesisTime { get; init; }

    public bool HasConsensus => Finalized is not null;
}
