using UpstreamMonitor.Alerts.Delivery;

namespace UpstreamMonitor.Alerts.Notifiers;

/// <summary>
/// Formats a notification for one kind of receiver. Notifiers only build the request; sending, retries, timeouts and
/// counting are the same for every kind (<see cref="AlertSender"/>).
/// </summary>
public interface IAlertNotifier
{
    ReceiverKind Kind { get; }

    HttpRequestMessage CreateRequest(AlertNotification notification, AlertReceiverOptions receiver);
}
