using UpstreamMonitor.Snapshots;

namespace UpstreamMonitor.CheckpointSync;

/// <summary>
/// The verified checkpoint served at <c>/lean/v0/states/finalized</c> and <c>/lean/v0/blocks/finalized</c>: a read
/// model for <c>/status</c>, <c>/api/upstreams</c> and the dashboard to show next to the consensus finalized one.
/// </summary>
/// <param name="Slot">The finalized block's slot (the state's slot).</param>
/// <param name="Root">hash_tree_root(block.message): the finalized root; also the ETag of both routes.</param>
/// <param name="StateRoot">hash_tree_root(state), equal to the block's state_root; null only for a pair stored unverified (tests).</param>
/// <param name="Upstream">The upstream whose state (and block) verified.</param>
/// <param name="VerifiedAt">When the pair verified.</param>
/// <param name="HasBlock">Whether a block of this root is served too (not every client serves one).</param>
/// <param name="VouchedAsOf">End of the round whose consensus vouched for the pair (that snapshot's last_updated): after
/// finality moved back, a pair vouched before the step back is of the view the majority left (decision 0903). Null
/// only for a pair stored without a consensus (tests).</param>
public sealed record ServingCheckpoint(long Slot, string Root, string? StateRoot, string Upstream, DateTimeOffset VerifiedAt, bool HasBlock, DateTimeOffset? VouchedAsOf = null)
{
    /// <summary>Vouched for by a consensus from before finality last moved back: kept only until a newer pair verifies.</summary>
    public bool IsOfLeftView(FinalityRegression? regression) =>
        regression is not null && (VouchedAsOf is not { } vouched || vouched < regression.LatestStepAt);
}
