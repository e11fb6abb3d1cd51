using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Ssz.Forks;

namespace UpstreamMonitor.Consensus;

/// <summary>
/// The one place that decides what the fleet agrees on and where each upstream stands. The poller, the dashboard,
/// the API and checkpoint sync ask it instead of deciding themselves.
/// </summary>
internal interface IConsensusRule
{
    /// <summary>The majorities of one round's rows (finalized, justified, head) and the distinct roots.</summary>
    ConsensusView Decide(IReadOnlyList<UpstreamStatus> rows, int thresholdPercent);

    /// <summary>
    /// True when <paramref name="finalized"/> is below the published finality. It is published all the same, as the
    /// majority's real view, and flagged (leanSpec #1001: a reorg can lower latest_finalized; decision 0903).
    /// </summary>
    bool IsFinalityRegression(CheckpointVote finalized, MonitorStatus published);

    /// <summary>Where <paramref name="row"/> stands against the published status and the round's (published) consensus.</summary>
    ConsensusStanding Classify(UpstreamStatus row, MonitorStatus published, ConsensusView consensus);

    /// <summary>
    /// Whether the consensus vouches for a downloaded, hashed checkpoint state (decision 0902): the one place that
    /// decides which verified state checkpoint sync may serve. <paramref name="stateBytes"/> are the state's SSZ bytes
    /// (for its recorded ancestry); a refusal carries the message the upstream's <c>last_error</c> shows.
    /// </summary>
    ValueTask<VouchDecision> VouchAsync(
        LstarStateSummary state,
        ReadOnlyMemory<byte> stateBytes,
        ConsensusView consensus,
        CancellationToken cancellationToken);
}

/// <summary>Whether the consensus vouches for a verified state, and why not when it does not.</summary>
internal readonly record struct VouchDecision(bool Vouched, string? Reason)
{
    public static VouchDecision Yes { get; } = new(true, null);

    public static VouchDecision No(string reason) => new(false, reason);
}
