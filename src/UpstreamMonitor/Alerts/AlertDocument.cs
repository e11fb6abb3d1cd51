using System.Text.Json.Serialization;

namespace UpstreamMonitor.Alerts;

/// <summary>
/// An alert as it goes over the wire, in one shape wherever it goes: the <c>alert</c> of a webhook body and each item
/// of <c>GET /api/alerts</c> (which adds its age).
/// </summary>
public record AlertDocument(
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
    [property: JsonPropertyName("resolved_at")] DateTimeOffset? ResolvedAt)
{
    public static AlertDocument From(AlertEvent alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new(alert.Id, alert.Key, alert.Kind.WireName(), alert.Severity.WireName(), alert.Summary, alert.Upstreams, alert.Checkpoint,
            alert.Slot, alert.Root, alert.MajoritySlot, alert.MajorityRoot, alert.FirstSeen, alert.ResolvedAt);
    }
}
