using System.Text.Json.Serialization;

namespace UpstreamMonitor.Http.Json;

/// <summary>A JSON API error: a stable snake_case code to branch on and a sentence for people.</summary>
internal sealed record ApiErrorResponse(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message);
