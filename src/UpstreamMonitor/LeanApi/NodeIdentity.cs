namespace UpstreamMonitor.LeanApi;

/// <summary><c>GET /lean/v0/node/identity</c> (ethlambda): <c>{"version": "…", "peer_id": "…"}</c>.</summary>
/// <param name="Version">The client's version string, sanitized and cut to <see cref="NodeInfoBodies.MaxTextChars"/>.</param>
/// <param name="PeerId">The node's libp2p peer id, when given.</param>
public sealed record NodeIdentity(string? Version, string? PeerId);

/// <summary>
/// <c>GET /lean/v0/node/syncing</c> (ethlambda): <c>{"is_syncing": false, "head_slot": N, "sync_distance": N,
/// "finalized_slot": N}</c>; the slots are optional.
/// </summary>
public sealed record NodeSyncStatus(bool IsSyncing, long? HeadSlot, long? SyncDistance, long? FinalizedSlot);
