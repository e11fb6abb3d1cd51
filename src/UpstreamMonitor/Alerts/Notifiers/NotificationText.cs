using System.Globalization;
using UpstreamMonitor.Alerts.Delivery;

namespace UpstreamMonitor.Alerts.Notifiers;

/// <summary>The human wording shared by the chat notifiers (Slack, Discord).</summary>
internal static class NotificationText
{
    public static string Title(AlertNotification notification)
    {
        var alert = notification.Alert;
        var state = notification.Reason switch
        {
            NotificationReason.Resolved => "RESOLVED",
            NotificationReason.Reminder => "STILL FIRING",
            NotificationReason.Test => "TEST",
            _ => "FIRING",
        };
        return $"[{state}] {alert.Kind.WireName()} ({alert.Severity.WireName()})";
    }

    /// <summary>Name/value facts that are known, in a fixed order.</summary>
    public static IReadOnlyList<(string Name, string Value)> Facts(AlertEvent alert)
    {
        var facts = new List<(string, string)>();
        if (alert.Upstreams.Count > 0)
        {
            facts.Add(("Upstreams", string.Join(", ", alert.Upstreams)));
        }

        if (alert.Slot is { } slot)
        {
            facts.Add((alert.Checkpoint is null ? "Slot" : $"{alert.Checkpoint} slot", slot.ToString(CultureInfo.InvariantCulture)));
        }

        if (alert.Root is { } root)
        {
            facts.Add(("Root", root));
        }

        if (alert.MajoritySlot is { } majority)
        {
            facts.Add(("Majority slot", majority.ToString(CultureInfo.InvariantCulture)));
        }

        if (alert.MajorityRoot is { } majorityRoot)
        {
            facts.Add(("Majority root", majorityRoot));
        }

        facts.Add(("First seen", alert.FirstSeen.ToString("u", CultureInfo.InvariantCulture)));
        if (alert.ResolvedAt is { } resolved)
        {
            facts.Add(("Resolved", resolved.ToString("u", CultureInfo.InvariantCulture)));
        }

        facts.Add(("Id", alert.Id));
        return facts;
    }

    public static bool IsGood(AlertNotification notification) =>
        notification.Reason == NotificationReason.Resolved || notification.Alert.Severity == AlertSeverity.Info;
}
