using UpstreamMonitor.LeanApi;

namespace UpstreamMonitor.Polling;

/// <summary>What one job's node-info reads learned: which routes answered, which are not served (404), and the values.</summary>
internal sealed record NodeInfoReading
{
    public NodeInfoRoutes Answered { get; init; }

    public NodeInfoRoutes NotServed { get; init; }

    /// <summary>Only genesis was read because the round's budget was spent: the other routes are still due.</summary>
    public bool Deferred { get; init; }

    public string? Version { get; init; }

    public string? PeerId { get; init; }

    public NodeSyncStatus? Syncing { get; init; }

    public long? GenesisTime { get; init; }
}
