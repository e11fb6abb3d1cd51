namespace UpstreamMonitor.Simulator;

/// <summary>The lean API routes the simulator serves, as counted by <see cref="DevnetTraffic"/>.</summary>
public enum LeanRoute
{
    Health,
    ForkChoice,
    JustifiedCheckpoint,
    FinalizedState,
    FinalizedBlock,
    Aggregator,
    Metrics,

    /// <summary><c>/lean/v0/node/identity</c>: served by ethlambda nodes (and the other-network persona), else 404.</summary>
    NodeIdentity,

    /// <summary><c>/lean/v0/node/version</c>: served by ream nodes, else 404.</summary>
    NodeVersion,

    /// <summary><c>/lean/v0/node/syncing</c>: served by ethlambda nodes, else 404.</summary>
    NodeSyncing,

    /// <summary><c>/lean/v0/genesis</c>: served by ethlambda nodes (and the other-network persona), else 404.</summary>
    Genesis,

    /// <summary>Any other path (answered 404).</summary>
    Unknown,
}

internal static class LeanRoutes
{
    public const string HealthPath = "/lean/v0/health";

    public static readonly int Count = Enum.GetValues<LeanRoute>().Length;

    public static LeanRoute Match(string? path) => path switch
    {
        HealthPath => LeanRoute.Health,
        "/lean/v0/fork_choice" => LeanRoute.ForkChoice,
        "/lean/v0/checkpoints/justified" => LeanRoute.JustifiedCheckpoint,
        "/lean/v0/states/finalized" => LeanRoute.FinalizedState,
        "/lean/v0/blocks/finalized" => LeanRoute.FinalizedBlock,
        "/lean/v0/admin/aggregator" => LeanRoute.Aggregator,
        "/metrics" => LeanRoute.Metrics,
        "/lean/v0/node/identity" => LeanRoute.NodeIdentity,
        "/lean/v0/node/version" => LeanRoute.NodeVersion,
        "/lean/v0/node/syncing" => LeanRoute.NodeSyncing,
        "/lean/v0/genesis" => LeanRoute.Genesis,
        _ => LeanRoute.Unknown,
    };
}
