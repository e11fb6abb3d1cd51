using System.Text.Json.Serialization;

namespace UpstreamMonitor.Http.Json;

/// <summary>
/// One <c>/api/events</c> event: the <c>/status</c> body (inherited, so its fields are written once) plus the round
/// that produced it, written after the status fields.
/// </summary>
internal sealed record RoundEventResponse : StatusResponse
{
    public RoundEventResponse(StatusResponse status, long version, RoundResponse? round)
        : base(status)
    {
        Version = version;
        Round = round;
    }

    [JsonPropertyName("version")]
    [JsonPropertyOrder(1)]
    public long Version { get; init; }

    [JsonPropertyName("round")]
    [JsonPropertyOrder(1)]
    public RoundResponse? Round { get; init; }
}
