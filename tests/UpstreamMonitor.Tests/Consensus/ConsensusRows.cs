using UpstreamMonitor.Snapshots;
using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.Tests.Consensus;

/// <summary>Builds upstream rows for consensus tables.</summary>
internal static class ConsensusRows
{
    public static string Root(char c) => "0x" + new string(c, 64);

    public static UpstreamStatus Ok(string name, long finalized, char finalizedRoot = 'f', long? head = null, char headRoot = 'h', long? justified = null, char justifiedRoot = 'j') => new()
    {
        Definition = UpstreamDefinition.Create(name, new Uri("http://127.0.0.1:5052")),
        State = UpstreamPollState.Ok,
        Healthy = true,
        FinalizedSlot = finalized,
        FinalizedRoot = Root(finalizedRoot),
        JustifiedSlot = justified ?? finalized + 4,
        JustifiedRoot = Root(justifiedRoot),
        HeadSlot = head ?? finalized + 8,
        HeadRoot = Root(headRoot),
    };

    public static UpstreamStatus Fallback(string name, long finalized) => new()
    {
        Definition = UpstreamDefinition.Create(name, new Uri("http://127.0.0.1:5052")),
        State = UpstreamPollState.Ok,
        Healthy = true,
        FromFallback = true,
        FinalizedSlot = finalized,
        JustifiedSlot = finalized + 4,
    };

    public static UpstreamStatus Failed(string name, UpstreamPollState state = UpstreamPollState.Error, string? error = "connection refused") => new()
    {
        Definition = UpstreamDefinition.Create(name, new Uri("http://127.0.0.1:5052")),
        State = state,
        LastError = error,

        // Last known values of a failing upstream stay on its row but must not vote.
        FinalizedSlot = 40,
        FinalizedRoot = Root('f'),
        HeadRoot = Root('h'),
        HeadSlot = 48,
    };
}
