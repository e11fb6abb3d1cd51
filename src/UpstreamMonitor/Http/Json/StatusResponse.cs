using System.Text.Json.Serialization;

namespace UpstreamMonitor.Http.Json;

/// <summary>
/// <c>GET /status</c>. leanpoint's seven fields come first with its meaning and types (numbers, 0 before any value),
/// so leanpoint's clients keep working; the four that follow are null while unknown.
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
    [property: JsonPropertyName("finalized_root")] string? FinalizedRoot);
