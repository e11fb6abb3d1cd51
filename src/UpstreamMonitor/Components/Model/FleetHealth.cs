using UpstreamMonitor.Consensus;
using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Model;

/// <summary>The one-word answer at the top of the page.</summary>
internal enum FleetCondition
{
    /// <summary>No round has finished yet (snapshot version 0).</summary>
    Starting,

    /// <summary>Consensus, every upstream answered.</summary>
    Operational,

    /// <summary>Consensus, but some upstreams fail, were not polled, or finalized a minority fork.</summary>
    Degraded,

    /// <summary>The latest round reached no finalized majority.</summary>
    NoConsensus,

    /// <summary>The last consensus is older than the stale threshold (or there never was one).</summary>
    Stale,
}

/// <summary>Reduces a snapshot to the condition, its headline and the counts behind it.</summary>
internal sealed record FleetHealth(FleetCondition Condition, int Total, int Healthy, int Failing, int NotPolled, int OffConsensus)
{
    public static FleetHealth Evaluate(MonitorSnapshot snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        int healthy = 0, failing = 0, notPolled = 0, offConsensus = 0;
        foreach (var upstream in snapshot.Upstreams)
        {
            if (upstream.State == UpstreamPollState.Ok)
            {
                healthy++;
                if (upstream.Standing == ConsensusStanding.Fork)
                {
                    offConsensus++;
                }
            }
            else if (UpstreamPresentation.IsFailing(upstream))
            {
                failing++;
            }
            else
            {
                notPolled++;
            }
        }

        var condition = snapshot.Version == 0 ? FleetCondition.Starting
            // Stale wins: it is what /healthz reports, and it also catches a poller that stopped publishing.
            : snapshot.IsStale(now) ? FleetCondition.Stale
            : !snapshot.Consensus.HasConsensus ? FleetCondition.NoConsensus
            : failing + notPolled + offConsensus > 0 ? FleetCondition.Degraded
            : FleetCondition.Operational;
        return new FleetHealth(condition, snapshot.Upstreams.Count, healthy, failing, notPolled, offConsensus);
    }

    public string Title => Condition switch
    {
        FleetCondition.Starting => "Starting",
        FleetCondition.Operational => "Operational",
        FleetCondition.Degraded => "Degraded",
        FleetCondition.NoConsensus => "No consensus",
        _ => "Stale",
    };
}
