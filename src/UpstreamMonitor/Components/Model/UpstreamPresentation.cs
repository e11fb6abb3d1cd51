using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.Components.Model;

/// <summary>How far an upstream's head is behind the consensus head, in bands an operator acts on.</summary>
internal enum LagBand
{
    Unknown,
    InSync,
    Minor,
    Behind,
    FarBehind,
}

/// <summary>The words and bands the dashboard uses for one upstream row (see docs/decisions/0600).</summary>
internal static class UpstreamPresentation
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

    public static string LagCss(long? lag) => Lag(lag) switch
    {
        LagBand.InSync => "lag-sync",
        LagBand.Minor => "lag-minor",
        LagBand.Behind => "lag-behind",
        LagBand.FarBehind => "lag-far",
        _ => "lag-unknown",
    };
}
