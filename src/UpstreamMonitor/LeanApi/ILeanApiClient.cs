using UpstreamMonitor.Upstreams;

namespace UpstreamMonitor.LeanApi;

/// <summary>
/// The lean node HTTP API as the monitor consumes it (docs/lean-api-client.md). Every node failure comes back as a
/// <see cref="LeanApiError"/>; only cancellation by the caller's token throws (<see cref="OperationCanceledException"/>).
/// Credentials in an upstream URL are sent as HTTP basic auth and never appear in an error message.
/// </summary>
public interface ILeanApiClient
{
    /// <summary><c>GET /lean/v0/fork_choice</c>, within the request timeout.</summary>
    Task<LeanApiResult<ForkChoiceSnapshot>> GetForkChoiceAsync(UpstreamDefinition upstream, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /lean/v0/fork_choice</c> conditional on <paramref name="previous"/>'s <see cref="ForkChoiceSnapshot.ETag"/>
    /// (<c>If-None-Match</c>): a 304 answers <paramref name="previous"/> again, marked <see cref="ForkChoiceSnapshot.NotModified"/>;
    /// a 304 with nothing to reuse is an error. A client that does not implement it always fetches the whole body.
    /// </summary>
    Task<LeanApiResult<ForkChoiceSnapshot>> GetForkChoiceAsync(UpstreamDefinition upstream, ForkChoiceSnapshot? previous, CancellationToken cancellationToken) =>
        GetForkChoiceAsync(upstream, cancellationToken);

    /// <summary><c>GET /lean/v0/checkpoints/justified</c>.</summary>
    Task<LeanApiResult<Checkpoint>> GetJustifiedCheckpointAsync(UpstreamDefinition upstream, CancellationToken cancellationToken);

    /// <summary>The first 228 bytes of <c>GET /lean/v0/states/finalized</c>; the rest of the body is abandoned unread.</summary>
    Task<LeanApiResult<StatePrefix>> GetFinalizedStatePrefixAsync(UpstreamDefinition upstream, CancellationToken cancellationToken);

    /// <summary>The whole finalized SSZ state, refused (without buffering it) when larger than <paramref name="maxBytes"/>.</summary>
    Task<LeanApiResult<byte[]>> GetFinalizedStateAsync(UpstreamDefinition upstream, long maxBytes, CancellationToken cancellationToken);

    /// <summary>The finalized SSZ signed block (not every client serves it), bounded like the state.</summary>
    Task<LeanApiResult<byte[]>> GetFinalizedBlockAsync(UpstreamDefinition upstream, long maxBytes, CancellationToken cancellationToken);

    /// <summary><c>GET /lean/v0/admin/aggregator</c> with its own short timeout, max(1 s, timeout / 4). Never the POST.</summary>
    Task<LeanApiResult<bool>> GetAggregatorStatusAsync(UpstreamDefinition upstream, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /lean/v0/node/identity</c> (not every client serves it: a 404 means "not served"), with the aggregator's
    /// short timeout. A client of this interface that does not implement it reports every node as not serving it.
    /// </summary>
    Task<LeanApiResult<NodeIdentity>> GetNodeIdentityAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        Task.FromResult<LeanApiResult<NodeIdentity>>(NotServed(LeanApiRoute.NodeIdentity));

    /// <summary><c>GET /lean/v0/node/version</c> (ream), as <see cref="GetNodeIdentityAsync"/>.</summary>
    Task<LeanApiResult<string>> GetNodeVersionAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        Task.FromResult<LeanApiResult<string>>(NotServed(LeanApiRoute.NodeVersion));

    /// <summary><c>GET /lean/v0/node/syncing</c> (ethlambda), as <see cref="GetNodeIdentityAsync"/>.</summary>
    Task<LeanApiResult<NodeSyncStatus>> GetNodeSyncingAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        Task.FromResult<LeanApiResult<NodeSyncStatus>>(NotServed(LeanApiRoute.NodeSyncing));

    /// <summary><c>GET /lean/v0/genesis</c>: the network's <c>genesis_time</c> (unix seconds), as <see cref="GetNodeIdentityAsync"/>.</summary>
    Task<LeanApiResult<long>> GetGenesisTimeAsync(UpstreamDefinition upstream, CancellationToken cancellationToken) =>
        Task.FromResult<LeanApiResult<long>>(NotServed(LeanApiRoute.Genesis));

    /// <summary><c>GET /lean/v0/health</c>: the node's reported status string (<c>healthy</c>).</summary>
    Task<LeanApiResult<string>> GetHealthAsync(UpstreamDefinition upstream, CancellationToken cancellationToken);

    private static LeanApiError NotServed(LeanApiRoute route) =>
        new(LeanApiErrorKind.HttpStatus, $"HTTP 404 Not Found: /{LeanApiRoutes.PathOf(route)} is not served", 404);
}
