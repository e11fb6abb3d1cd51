using UpstreamMonitor.Consensus;
using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Snapshots;

/// <summary>One upstream's row in a published snapshot. Immutable; unknown values are null, never 0.</summary>
public sealed record UpstreamStatus
{
    public required UpstreamDefinition Definition { get; init; }

    public string Name => Definition.Name;

    public string Client => Definition.Client;

    /// <summary>The URL with credentials masked.</summary>
    public string DisplayUrl => Definition.DisplayUrl;

    public UpstreamPollState State { get; init; } = UpstreamPollState.Pending;

    /// <summary>The latest poll succeeded.</summary>
    public bool Healthy { get; init; }

    /// <summary>The round in which this row was last polled (0 = never).</summary>
    public long LastPolledRound { get; init; }

    public DateTimeOffset? LastPoll { get; init; }

    public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>Wall time of the latest completed poll job.</summary>
    public TimeSpan? Latency { get; init; }

    /// <summary>Consecutive failures; reset on success (leanpoint's meaning).</summary>
    public long ErrorCount { get; init; }

    /// <summary>All failures since start.</summary>
    public long ErrorsTotal { get; init; }

    /// <summary>Fork-choice polls answered 304 Not Modified (the kept answer reused) since start.</summary>
    public long ForkChoiceNotModifiedTotal { get; init; }

    public string? LastError { get; init; }

    /// <summary>Head, justified and finalized as last reported; kept (shown as stale) while the upstream fails.</summary>
    public ChainCheckpoints Chain { get; init; }

    /// <summary>
    /// The chain behind <see cref="Chain"/>'s head, from the node's fork-choice <c>nodes</c>; null when it served none
    /// (or from the fallback). What the consensus rule reads to tell a fork from a node merely behind.
    /// </summary>
    public ChainAncestry? Ancestry { get; init; }

    public int? ValidatorCount { get; init; }

    public bool? IsAggregator { get; init; }

    /// <summary>True when the fork-choice route was missing (404) and the fallback gave slots without roots: shown, cannot vote on roots.</summary>
    public bool FromFallback { get; init; }

    /// <summary>
    /// The last fork-choice body this upstream served, kept while it fails (served by
    /// <c>/api/upstreams/{name}/fork_choice</c>); null before its first answer and for fallback rows.
    /// </summary>
    public ForkChoiceBody? ForkChoiceBody { get; init; }

    /// <summary>When <see cref="ForkChoiceBody"/> arrived.</summary>
    public DateTimeOffset? ForkChoiceAt { get; init; }

    /// <summary>The client's version string (<c>node/identity</c> or <c>node/version</c>, where served; decision 0904).</summary>
    public string? ClientVersion { get; init; }

    /// <summary>The node's peer id (<c>node/identity</c>, where served).</summary>
    public string? PeerId { get; init; }

    /// <summary>The node's own sync state (<c>node/syncing</c>, where served), as of its last read.</summary>
    public NodeSyncStatus? Syncing { get; init; }

    /// <summary>The network's genesis time, unix seconds (<c>genesis</c>, where served): another value than the majority's is another network.</summary>
    public long? GenesisTime { get; init; }

    /// <summary>Consensus head slot minus this upstream's head slot; null when either is unknown.</summary>
    public long? LagSlots { get; init; }

    /// <summary>Where this upstream stands against the consensus, decided once per snapshot by the consensus rule.</summary>
    public ConsensusStanding Standing { get; init; }

    /// <summary>This upstream's finalized checkpoint equals the consensus finalized checkpoint.</summary>
    public bool InConsensus => Standing == ConsensusStanding.InConsensus;
}
