using UpstreamMonitor.Alerts.Detection;
using UpstreamMonitor.Tests.Http;

namespace UpstreamMonitor.Tests.Alerts.Detection;

/// <summary>Builds observations of a small fleet round by round, the way the translation would.</summary>
internal static class Fleet
{
    public static string Root(long n) => TestSnapshots.Root((int)n);

    public static UpstreamObservation Up(string name, long head = 40, long? lag = 0) => new(name, UpstreamRoundResult.Succeeded, head, lag);

    public static UpstreamObservation Down(string name) => new(name, UpstreamRoundResult.Failed, null, null);

    public static UpstreamObservation Skipped(string name) => new(name, UpstreamRoundResult.NotPolled, null, null);

    /// <summary>Three upstreams agreeing on finalized <paramref name="finalized"/>, justified +4, head +8.</summary>
    public static FleetObservation Healthy(long round, long finalized, long? head = null, params UpstreamObservation[] upstreams)
    {
        var headSlot = head ?? finalized + 8;
        UpstreamObservation[] rows = upstreams.Length > 0 ? upstreams : [Up("zeam_0", headSlot), Up("ream_0", headSlot), Up("qlean_0", headSlot)];
        var names = rows.Select(u => u.Name).ToList();
        return new FleetObservation
        {
            Round = round,
            Finalized = new CheckpointRef(finalized, Root(finalized)),
            Justified = new CheckpointRef(finalized + 4, Root(finalized + 4)),
            Head = new CheckpointRef(headSlot, Root(headSlot)),
            FinalizedGroups = [new CheckpointGroup(finalized, Root(finalized), names, IsMajority: true)],
            HeadGroups = [new CheckpointGroup(headSlot, Root(headSlot), names, IsMajority: true)],
            Upstreams = rows,
        };
    }

    /// <summary>A round without any majority.</summary>
    public static FleetObservation NoMajority(long round) => new()
    {
        Round = round,
        Upstreams = [Down("zeam_0"), Down("ream_0"), Up("qlean_0")],
    };
}
