namespace UpstreamMonitor.LeanApi;

/// <summary>The lean node routes the monitor reads (all GET; see <c>lean-api.md</c>).</summary>
internal enum LeanApiRoute
{
    ForkChoice,
    JustifiedCheckpoint,
    FinalizedState,
    FinalizedBlock,
    Aggregator,
    Health,
    NodeIdentity,
    NodeVersion,
    NodeSyncing,
    Genesis,
}

internal static class LeanApiRoutes
{
    public const int Count = 10;

    public static string PathOf(LeanApiRoute route) => route switch
    {
        LeanApiRoute.ForkChoice => "lean/v0/fork_choice",
        LeanApiRoute.JustifiedCheckpoint => "lean/v0/checkpoints/justified",
        LeanApiRoute.FinalizedState => "lean/v0/states/finalized",
        LeanApiRoute.FinalizedBlock => "lean/v0/blocks/finalized",
        LeanApiRoute.Aggregator => "lean/v0/admin/aggregator",
        LeanApiRoute.Health => "lean/v0/health",
        LeanApiRoute.NodeIdentity => "lean/v0/node/identity",
        LeanApiRoute.NodeVersion => "lean/v0/node/version",
        LeanApiRoute.NodeSyncing => "lean/v0/node/syncing",
        LeanApiRoute.Genesis => "lean/v0/genesis",
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };
}
