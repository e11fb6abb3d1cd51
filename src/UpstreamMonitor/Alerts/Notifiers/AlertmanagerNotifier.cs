using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using UpstreamMonitor.Alerts.Delivery;

namespace UpstreamMonitor.Alerts.Notifiers;

/// <summary>
/// Alertmanager's <c>POST /api/v2/alerts</c>. Labels identify the condition (not the occurrence), so two monitors
/// posting the same alert are de-duplicated there. A firing alert's <c>endsAt</c> lies four resend intervals ahead:
/// re-sent every interval while active, it never times out in Alertmanager; a resolved one ends at its resolve time.
/// </summary>
public sealed class AlertmanagerNotifier(IOptions<AlertOptions> options) : IAlertNotifier
{
    public const string AlertsPath = "api/v2/alerts";

    public ReceiverKind Kind => ReceiverKind.Alertmanager;

    public HttpRequestMessage CreateRequest(AlertNotification notification, AlertReceiverOptions receiver)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(receiver);
        var alert = notification.Alert;
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["alertname"] = alert.Kind.WireName(),
            ["severity"] = alert.Severity.WireName(),
            ["service"] = "upstream-monitor",
        };
        if (alert.Checkpoint is { } checkpoint)
        {
            labels["checkpoint"] = checkpoint;
        }

        if (alert.Upstreams.Count == 1)
        {
            labels["upstream"] = alert.Upstreams[0];
        }
        else if (alert.Upstreams.Count > 1)
        {
            labels["upstreams"] = string.Join(',', alert.Upstreams.Order(StringComparer.Ordinal));
        }

        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = alert.Summary,
            ["id"] = alert.Id,
        };
        AddIfKnown(annotations, "slot", alert.Slot);
        AddIfKnown(annotations, "majority_slot", alert.MajoritySlot);
        if (alert.Root is { } root)
        {
            annotations["root"] = root;
        }

        if (alert.MajorityRoot is { } majorityRoot)
        {
            annotations["majority_root"] = majorityRoot;
        }

        var endsAt = alert.ResolvedAt ?? notification.SentAt + (options.Value.AlertmanagerResend * 4);
        IReadOnlyList<AlertmanagerAlert> body = [new AlertmanagerAlert(labels, annotations, alert.FirstSeen, endsAt)];
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, NotifierJsonContext.Default.IReadOnlyListAlertmanagerAlert);
        return JsonRequests.Post(AlertsUrl(new Uri(receiver.Url!)), bytes, receiver.Headers);
    }

    /// <summary>The base URL with <c>/api/v2/alerts</c> appended (kept when the configured URL already ends with it).</summary>
    public static Uri AlertsUrl(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var text = baseUrl.AbsoluteUri;
        if (text.TrimEnd('/').EndsWith("/" + AlertsPath, StringComparison.Ordinal))
        {
            return baseUrl;
        }

        return new Uri(text.EndsWith('/') ? baseUrl : new Uri(text + "/"), AlertsPath);
    }

    private static void AddIfKnown(SortedDictionary<string, string> annotations, string name, long? value)
    {
        if (value is { } v)
        {
            annotations[name] = v.ToString(CultureInfo.InvariantCulture);
        }
    }
}
