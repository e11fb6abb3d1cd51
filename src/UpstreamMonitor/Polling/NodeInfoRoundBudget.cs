namespace UpstreamMonitor.Polling;

/// <summary>
/// How many upstreams may read their identity, version and sync state (up to three requests after the fork choice) in
/// one round. Without a cap the first round of a fleet, when every upstream is due, makes each job five requests long;
/// with it those reads spread over the first rounds, and an upstream not admitted stays due for the next one. Genesis
/// is always read when planned: it decides "other network" against "fork", which must be right from the first round
/// (decision 0904).
/// </summary>
internal sealed class NodeInfoRoundBudget
{
    /// <summary>Small fleets read everything at their first answer.</summary>
    public const int MinPerRound = 8;

    private readonly int _limit;
    private int _admitted;

    private NodeInfoRoundBudget(int limit) => _limit = limit;

    /// <summary>A quarter of the round's gate capacity, and at least <see cref="MinPerRound"/>.</summary>
    public static NodeInfoRoundBudget For(int capacity) => new(Math.Max(MinPerRound, capacity / 4));

    public int Limit => _limit;

    /// <summary>The routes to read for an upstream the schedule planned: all of them, or only genesis once this round's budget is spent.</summary>
    public NodeInfoRoutes Admit(NodeInfoRoutes planned)
    {
        if ((planned & ~NodeInfoRoutes.Genesis) == NodeInfoRoutes.None)
        {
            return planned;
        }

        if (Interlocked.Increment(ref _admitted) <= _limit)
        {
            return planned;
        }

        var genesis = planned & NodeInfoRoutes.Genesis;
        return genesis == NodeInfoRoutes.None ? NodeInfoRoutes.None : genesis | NodeInfoRoutes.Deferred;
    }
}
