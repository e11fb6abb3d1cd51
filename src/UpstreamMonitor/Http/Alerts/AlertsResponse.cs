using System.Text.Json.Serialization;
using UpstreamMonitor.Alerts;

namespace UpstreamMonitor.Http.Alerts;

/// <summary>The <c>GET /api/alerts</c> body: the active alerts, oldest first.</summary>
public sealed record AlertsResponse(
    [property: JsonPropertyName("generated_at")] DateTimeOffset GeneratedAt,
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("alerts")] IReadOnlyList<AlertResponse> Alerts);

/// <summary>One active alert, as <see cref="AlertDocument"/> with its age. Unknown slots and roots are null.</summary>
public sealed record AlertResponse : AlertDocument
{
    private AlertResponse(AlertDocument alert, long ageSeconds)
        : base(alert) => AgeSeconds = ageSeconds;

    [JsonPropertyName("age_seconds")]
    public long AgeSeconds { get; }

    public static AlertResponse From(AlertEvent alert, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new(AlertDocument.From(alert), (long)Math.Max(0, (now - alert.FirstSeen).TotalSeconds));
    }
}

/// <summary>Source-generated, snake_case like <c>HttpJsonContext</c>; inserted into the app's JSON options for OpenAPI.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AlertsResponse))]
[JsonSerializable(typeof(AlertDocument))]
public sealed partial class AlertsJsonContext : JsonSerializerContext;
