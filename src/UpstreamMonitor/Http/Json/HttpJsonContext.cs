using System.Text.Json.Serialization;

namespace UpstreamMonitor.Http.Json;

/// <summary>
/// Source-generated serialization for every JSON body the HTTP surface writes. The DTOs name each property explicitly,
/// because the OpenAPI generator describes them with the app's (camelCase) web options, not this context's policy.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StatusResponse))]
[JsonSerializable(typeof(UpstreamsResponse))]
[JsonSerializable(typeof(RoundEventResponse))]
[JsonSerializable(typeof(LeanHealthResponse))]
[JsonSerializable(typeof(LeanCheckpointResponse))]
[JsonSerializable(typeof(ApiErrorResponse))]
internal sealed partial class HttpJsonContext : JsonSerializerContext;
