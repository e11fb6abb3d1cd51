using System.Text.Json.Serialization;

namespace UpstreamMonitor.Http.Json;

/// <summary>
/// <c>GET /status</c>. leanpoint's seven fields come first with its meaning and types (numbers, 0 before any value),
/// so leanpoint's clients keep working; the ones that follow are null while unknown. <c>serving_checkpoint</c> is the
/// verified pair the checkpoint routes serve, shown next to the consensus finalized one so they never silently disagree.
/// <c>finality_regressed</c> says the finalized slot moved back (the majority's real view, published; decision 0903)
/// and <c>finality_regressed_from_slot</c> the highest slot it had reached (null when not regressed).
/// </summary>
internal record StatusResponse(
    [property: JsonPropertyName("justified_slot")] long JustifiedSlot,
    [property: JsonPropertyName("finalized_slot")] long FinalizedSlot,
    [property: JsonPropertyName("last_updated_ms")] long LastUpdatedMs,
    [property: JsonPropertyName("last_success_ms")] long LastSuccessMs,
    [property: JsonPropertyName("stale")] bool Stale,
    [property: JsonPropertyName("error_count")] long ErrorCount,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("head_slot")] long? HeadSlot,
    [property: JsonPropertyName("head_root")] string? HeadRoot,
    [property: JsonPropertyName("justified_root")] string? JustifiedRoot,
    [property: JsonPropertyName("finalized_root")] string? FinalizedRoot,
    [property: JsonPropertyName("serving_checkpoint")] ServingCheckpointResponse? ServingCheckpoint,
    [property: JsonPropertyName("finality_regressed")] bool FinalityRegressed,
    [property: JsonPropertyName("finality_regressed_from_slot")] long? FinalityRegressedFromSlot);

/// <summary>
/// The verified checkpoint served at <c>/lean/v0/states/finalized</c> and <c>/lean/v0/blocks/finalized</c>:
/// <c>root</c> is hash_tree_root(block.message) (both routes' ETag), <c>state_root</c> hash_tree_root(state).
/// </summary>
internal sealed record ServingCheckpointResponse(
    [property: JsonPropertyName("slot")] long Slot,
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("state_root")] string? StateRoot,
    [property: JsonPropertyName("upstream")] string Upstream,
    [property: JsonPropertyName("verified_at_ms")] long VerifiedAtMs,
    [property: JsonPropertyName("has_block")] bool HasBlock);
