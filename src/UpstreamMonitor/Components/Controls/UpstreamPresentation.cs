using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Controls;

/// <summary>How far an upstream's head is behind the consensus head, in bands an operator acts on.</summary>
public enum LagBand
{
    Unknown,
    InSync,
    Minor,
    Behind,
    FarBehind,
}

/// <summary>The words and bands the dashboard uses for one upstream row (see docs/decisions/0600).</summary>
public static class UpstreamPresentation
{
    /// <summary>1–2 slots behind is ordinary block propagation.</summary>
    public const long BehindFromSlots = 3;

    /// <summary>8 slots (half a minute on a 4 s devnet) is a node that is not keeping up.</summary>
    public const long FarBehindFromSlots = 8;

    public static string StateLabel(UpstreamPollState state) => state switch
    {
        UpstreamPollState.Ok => "healthy",
        UpstreamPollState.Error => "error",
        UpstreamPollState.Timeout => "timeout",
        UpstreamPollState.Skipped => "skipped",
        UpstreamPollState.InFlight => "in flight",
        _ => "pending",
    };

    /// <summary>
    /// Failing means the upstream itself is the problem: it erred, timed out, or still hangs on an earlier poll.
    /// Skipped and pending rows say more about the monitor's capacity than about the node.
    /// </summary>
    public static bool IsFailing(UpstreamStatus upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return upstream.State is UpstreamPollState.Error or UpstreamPollState.Timeout or UpstreamPollState.InFlight;
    }

    public static LagBand Lag(long? lagSlots) => lagSlots switch
    {
        null => LagBand.Unknown,
        <= 0 => LagBand.InSync,
        < BehindFromSlots => LagBand.Minor,
        < FarBehindFromSlots => LagBand.Behind,
        _ => LagBand.FarBehind,
    };

    public static string LagText(long? lagSlots) => lagSlots switch
    {
        null => "—",
        0 => "in sync",
        < 0 => $"{-lagSlots} ahead",
        _ => $"{lagSlots} behind",
    };

    /// <summary>
    /// On a finalized root other than the consensus one at the same or a later slot: a minority fork. A node whose
    /// finalized checkpoint is merely older is lagging, not forked (see <see cref="IsFinalizedBehind"/>).
    /// </summary>
    public static bool IsOffConsensus(UpstreamStatus upstream, ConsensusView consensus)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(consensus);
        return consensus.Finalized is { } agreed
            && upstream.FinalizedRoot is not null
            && !upstream.InConsensus
            && upstream.FinalizedSlot >= agreed.Slot;
    }

    /// <summary>Finalized an older checkpoint than the consensus one (catching up, not necessarily forked).</summary>
    public static bool IsFinalizedBehind(UpstreamStatus upstream, ConsensusView consensus)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(consensus);
        return consensus.Finalized is { } agreed
            && upstream.FinalizedSlot is { } slot
            && !upstream.InConsensus
            && slot < agreed.Slot;
    }
}
