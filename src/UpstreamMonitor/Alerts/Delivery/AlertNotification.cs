namespace UpstreamMonitor.Alerts.Delivery;

/// <summary>Why a notification is sent.</summary>
public enum NotificationReason
{
    Firing,
    Resolved,

    /// <summary>The alert is still active after the reminder interval (or Alertmanager's resend interval).</summary>
    Reminder,

    /// <summary>The wiring check (<c>--alert-test</c>).</summary>
    Test,
}

/// <summary>One alert on its way to one receiver.</summary>
public sealed record AlertNotification(AlertEvent Alert, NotificationReason Reason, DateTimeOffset SentAt)
{
    public string Status => Alert.IsActive ? "firing" : "resolved";

    public string ReasonName => Reason switch
    {
        NotificationReason.Firing => "firing",
        NotificationReason.Resolved => "resolved",
        NotificationReason.Reminder => "reminder",
        _ => "test",
    };
}

/// <summary>What one receiver answered to one notification (after retries).</summary>
public sealed record DeliveryResult(bool Succeeded, int? StatusCode, string Detail, TimeSpan Elapsed);
