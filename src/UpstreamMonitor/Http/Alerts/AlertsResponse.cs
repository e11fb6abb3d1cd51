using System.Text.Json.Serialization;
using UpstreamMonitor.Alerts;

namespace UpstreamMonitor.Http.Alerts;

/// <summary>The <c>GET /api/alerts</c> body: the active alerts, oldest first.</summary>
public sealed record AlertsResponse(
    [property: JsonPropertyName("generated_at")] DateTimeOffset GeneratedAt,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("alerts")] IReadOnlyList<AlertResponse> Alerts);

/// <summary>One active alert. Unknown slots and roots are null.</summary>
public sealed record AlertResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("upstreams")] IReadOnlyList<string> Upstreams,
    [property: JsonPropertyName("checkpoint")] string? Checkpoint,
    [property: JsonPropertyName("slot")] long? Slot,
    [property: JsonPropertyName("root")] string? Root,
    [property: JsonPropertyName("majority_slot")] long? MajoritySlot,
    [property: JsonPropertyName("majority_root")] string? MajorityRoot,
    [property: JsonPropertyName("first_seen")] DateTimeOffset FirstSeen,
    [property: JsonPropertyName("resolved_at")] DateTimeOffset? ResolvedAt,
    [property: JsonPropertyName("age_seconds")] long AgeSeconds)
{
    public static AlertResponse From(AlertEvent alert, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new(alert.Id, alert.Key, alert.Kind.WireName(), alert.Severity.WireName(), alert.Summary, alert.Upstreams, alert.Checkpoint,
            alert.Slot, alert.Root, alert.MajoritySlot, alert.MajorityRoot, alert.FirstSeen, alert.ResolvedAt,
            (long)Math.Max(0, (now - alert.FirstSeen).TotalSeconds));
    }
}

/// <summary>Source-generated, snake_case like <c>HttpJsonContext</c>; inserted into the app's JSON options for OpenAPI.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AlertsResponse))]
public sealed partial class AlertsJsonContext : JsonSerializerContext;
