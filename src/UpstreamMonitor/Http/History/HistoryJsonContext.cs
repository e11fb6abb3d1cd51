using System.Text.Json.Serialization;

namespace UpstreamMonitor.Http.History;

/// <summary>Source-generated serialization of the history API's bodies, snake_case like the rest of the API.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(HistoryErrorResponse))]
[JsonSerializable(typeof(HistoryStatusResponse))]
[JsonSerializable(typeof(HistoryRoundsResponse))]
[JsonSerializable(typeof(HistoryUpstreamResponse))]
[JsonSerializable(typeof(HistoryLatencyResponse))]
[JsonSerializable(typeof(HistoryEventsResponse))]
[JsonSerializable(typeof(HistoryAlertEventsResponse))]
[JsonSerializable(typeof(HistoryUptimeResponse))]
[JsonSerializable(typeof(HistoryFinalityResponse))]
public sealed partial class HistoryJsonContext : JsonSerializerContext;
