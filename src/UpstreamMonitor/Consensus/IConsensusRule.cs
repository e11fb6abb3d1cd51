using UpstreamMonitor.LeanApi;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Consensus;

/// <summary>
/// The one place that decides what the fleet agrees on and where each upstream stands. The poller, the dashboard,
/// the API and checkpoint sync ask it instead of deciding themselves.
/// </summary>
internal interface IConsensusRule
{
    /// <summary>The majorities of one round's rows (finalized, justified, head) and the distinct roots.</summary>
    ConsensusView Decide(IReadOnlyList<UpstreamStatus> rows, int thresholdPercent);

    /// <summary>False when publishing <paramref name="finalized"/> would move the published finality backwards.</summary>
    bool MayPublish(CheckpointVote finalized, MonitorStatus published);

    /// <summary>Where <paramref name="row"/> stands against the published status and the round's (published) consensus.</summary>
    ConsensusStanding Classify(UpstreamStatus row, MonitorStatus published, ConsensusView consensus);

    /// <summary>
    /// Whether a majority node's state of <paramref name="servedSlot"/>, newer than the consensus finalized slot, may be
    /// served: <paramref name="reportedFinalized"/> asks that node for its finalized checkpoint, only when the slot is
    /// not beyond what the majority already justified. Null when the rule cannot vouch for it.
    /// </summary>
    ValueTask<Checkpoint?> VouchAsync(
        long servedSlot,
        ConsensusView consensus,
        Func<CancellationToken, ValueTask<Checkpoint?>> reportedFinalized,
        CancellationToken cancellationToken);
}
