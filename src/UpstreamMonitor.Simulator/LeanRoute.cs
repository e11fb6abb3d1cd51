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
        _ => LeanRoute.Unknown,
    };
}
