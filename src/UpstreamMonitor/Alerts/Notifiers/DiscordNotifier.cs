using System.Text.Json;
using UpstreamMonitor.Alerts.Delivery;

namespace UpstreamMonitor.Alerts.Notifiers;

/// <summary>Discord webhooks: one embed coloured by state, its facts as inline fields, mentions disabled.</summary>
public sealed class DiscordNotifier : IAlertNotifier
{
    private const int Red = 0xD0312D;
    private const int Orange = 0xF0A202;
    private const int Green = 0x2EB67D;

    public ReceiverKind Kind => ReceiverKind.Discord;

    public HttpRequestMessage CreateRequest(AlertNotification notification, AlertReceiverOptions receiver)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(receiver);
        var color = NotificationText.IsGood(notification) ? Green : notification.Alert.Severity == AlertSeverity.Critical ? Red : Orange;

        // Discord allows 25 fields per embed; we send at most nine.
        var fields = NotificationText.Facts(notification.Alert).Select(f => new DiscordField(f.Name, f.Value, Inline: f.Value.Length <= 24)).ToList();
        var message = new DiscordMessage(
            "UpstreamMonitor",
            [new DiscordEmbed(NotificationText.Title(notification), notification.Alert.Summary, color, notification.SentAt, fields)],
            new DiscordAllowedMentions([]));
        var body = JsonSerializer.SerializeToUtf8Bytes(message, NotifierJsonContext.Default.DiscordMessage);
        return JsonRequests.Post(new Uri(receiver.Url!), body);
    }
}
