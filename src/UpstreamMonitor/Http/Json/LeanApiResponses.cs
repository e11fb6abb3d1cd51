using System.Text.Json.Serialization;

namespace UpstreamMonitor.Http.Json;

/// <summary><c>GET /lean/v0/health</c>, in the lean node API's fixed shape.</summary>
internal sealed record LeanHealthResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("service")] string Service);

/// <summary><c>GET /lean/v0/checkpoints/justified</c>, in the lean node API's shape.</summary>
internal sealed record LeanCheckpointResponse(
    [property: JsonPropertyName("slot")] long Slot,
    [property: JsonPropertyName("root")] string Root);
