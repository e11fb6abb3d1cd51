using System.Text.Json;
using UpstreamMonitor.Alerts.Delivery;

namespace UpstreamMonitor.Alerts.Notifiers;

/// <summary>Slack incoming webhooks: a <c>text</c> fallback plus a header section and a context block of facts.</summary>
public sealed class SlackNotifier : IAlertNotifier
{
    public ReceiverKind Kind => ReceiverKind.Slack;

    public HttpRequestMessage CreateRequest(AlertNotification notification, AlertReceiverOptions receiver)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(receiver);
        var title = NotificationText.Title(notification);
        var icon = NotificationText.IsGood(notification) ? ":large_green_circle:" : notification.Alert.Severity == AlertSeverity.Critical ? ":red_circle:" : ":large_orange_circle:";
        var facts = NotificationText.Facts(notification.Alert).Select(f => new SlackText("mrkdwn", $"*{f.Name}:* {Escape(f.Value)}")).ToList();
        var message = new SlackMessage(
            $"{title}: {notification.Alert.Summary}",
            [
                new SlackBlock("section", new SlackText("mrkdwn", $"{icon} *{Escape(title)}*\n{Escape(notification.Alert.Summary)}")),

                // Slack allows at most 10 elements in a context block.
                new SlackBlock("context", Elements: facts.Take(10).ToList()),
            ]);
        var body = JsonSerializer.SerializeToUtf8Bytes(message, NotifierJsonContext.Default.SlackMessage);
        return JsonRequests.Post(new Uri(receiver.Url!), body);
    }

    // Slack's mrkdwn needs only these three escaped.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
