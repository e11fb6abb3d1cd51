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
}

internal static class LeanApiRoutes
{
    public const int Count = 6;

    public static string PathOf(LeanApiRoute route) => route switch
    {
        LeanApiRoute.ForkChoice => "lean/v0/fork_choice",
        LeanApiRoute.JustifiedCheckpoint => "lean/v0/checkpoints/justified",
        LeanApiRoute.FinalizedState => "lean/v0/states/finalized",
        LeanApiRoute.FinalizedBlock => "lean/v0/blocks/finalized",
        LeanApiRoute.Aggregator => "lean/v0/admin/aggregator",
        LeanApiRoute.Health => "lean/v0/health",
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };
}
