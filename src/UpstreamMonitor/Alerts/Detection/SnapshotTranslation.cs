using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Alerts.Detection;

/// <summary>
/// The one step that knows the <see cref="MonitorSnapshot"/>'s shape: everything downstream reads a
/// <see cref="FleetObservation"/>, so a change to the snapshot is adapted here alone.
/// </summary>
public static class SnapshotTranslation
{
    /// <summary>Null for a snapshot published before the first round ends (nothing to evaluate yet).</summary>
    public static FleetObservation? ToObservation(MonitorSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.LastRound is not { } round)
        {
            return null;
        }

        var consensus = snapshot.Consensus;
        var finalizedGroups = Groups(consensus.FinalizedForks, consensus);
        var headGroups = Groups(consensus.HeadForks, consensus);

        return new FleetObservation
        {
            Round = round.Number,
            Finalized = Vote(consensus.Finalized),
            Regression = snapshot.Status.Regression is { } r ? new FinalityStep(r.FromSlot, r.FromRoot, new CheckpointRef(r.ToSlot, r.ToRoot)) : null,
            Justified = Vote(consensus.Justified),
            Head = Vote(consensus.Head),
            FinalizedGroups = finalizedGroups,
            HeadGroups = headGroups,
            Upstreams = [.. snapshot.Upstreams.Select(u => new UpstreamObservation(u.Name, ResultOf(u, round.Number), u.Chain.Head.Slot, u.LagSlots))],
        };
    }

    private static UpstreamRoundResult ResultOf(UpstreamStatus row, long round) => row.State switch
    {
        UpstreamPollState.Ok when row.LastPolledRound == round => UpstreamRoundResult.Succeeded,
        UpstreamPollState.Error or UpstreamPollState.Timeout when row.LastPolledRound == round => UpstreamRoundResult.Failed,

        // Its previous job still holds a gate slot: it has not answered for a whole round.
        UpstreamPollState.InFlight => UpstreamRoundResult.Failed,
        _ => UpstreamRoundResult.NotPolled,
    };

    private static CheckpointRef? Vote(CheckpointVote? vote) => vote is null ? null : new CheckpointRef(vote.Slot, vote.Root);

    private static List<CheckpointGroup> Groups(IReadOnlyList<ForkGroup> forks, ConsensusView consensus) =>
    [
        .. forks.Select(f => new CheckpointGroup(
            f.Slot,
            f.Root,
            f.Upstreams,
            f.IsMajority || ConsensusCalculator.IsMajority(f.Upstreams.Count, consensus.TotalUpstreams, consensus.ThresholdPercent),
            f.Standing == ConsensusStanding.Fork)),
    ];
}
