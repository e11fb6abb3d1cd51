using UpstreamMonitor.LeanApi;
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
        Chain = new ChainCheckpoints(
            new ObservedCheckpoint(head ?? finalized + 8, Root(headRoot)),
            new ObservedCheckpoint(justified ?? finalized + 4, Root(justifiedRoot)),
            new ObservedCheckpoint(finalized, Root(finalizedRoot))),
    };

    public static UpstreamStatus Fallback(string name, long finalized) => new()
    {
        Definition = UpstreamDefinition.Create(name, new Uri("http://127.0.0.1:5052")),
        State = UpstreamPollState.Ok,
        Healthy = true,
        FromFallback = true,
        Chain = ChainCheckpoints.FromSlots(finalized + 4, finalized),
    };

    public static UpstreamStatus Failed(string name, UpstreamPollState state = UpstreamPollState.Error, string? error = "connection refused") => new()
    {
        Definition = UpstreamDefinition.Create(name, new Uri("http://127.0.0.1:5052")),
        State = state,
        LastError = error,

        // Last known values of a failing upstream stay on its row but must not vote.
        Chain = new ChainCheckpoints(new ObservedCheckpoint(48, Root('h')), default, new ObservedCheckpoint(40, Root('f'))),
    };
}
