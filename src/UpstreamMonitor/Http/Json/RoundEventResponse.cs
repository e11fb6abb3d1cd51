using System.Text.Json.Serialization;

namespace UpstreamMonitor.Http.Json;

/// <summary>One <c>/api/events</c> event: the <c>/status</c> body plus the round that produced it.</summary>
public sealed record RoundEventResponse(
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
    [property: JsonPropertyName("version")] long Version,
    [property: JsonPropertyName("round")] RoundResponse? Round);
