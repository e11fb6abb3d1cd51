namespace UpstreamMonitor.Alerts.Delivery;

/// <summary>One notification for one receiver.</summary>
public sealed record ScheduledNotification(string Receiver, AlertNotification Notification);

/// <summary>
/// Decides what to send when: firing and resolved notifications, reminders for alerts still active, and nothing while
/// silenced. Pure apart from the times it is given; remembers, per alert and receiver, when it last notified.
/// </summary>
public sealed class NotificationSchedule
{
    private readonly AlertRouting _routing;
    private readonly AlertOptions _options;
    private readonly Dictionary<string, ReceiverKind> _kinds;

    // (alert key, receiver) → when that receiver was last told the alert fires.
    private readonly Dictionary<(string Key, string Receiver), DateTimeOffset> _notified = [];

    public NotificationSchedule(AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _routing = new AlertRouting(options);
        _kinds = options.EffectiveReceivers().ToDictionary(r => r.Name!, r => r.Kind, StringComparer.Ordinal);
    }

    /// <summary>What the round's transitions send: each firing alert to its unsilenced receivers, each resolution to those told it fired.</summary>
    public IReadOnlyList<ScheduledNotification> OnTransitions(AlertTransitions transitions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        var sends = new List<ScheduledNotification>();
        foreach (var alert in transitions.Fired)
        {
            if (_routing.IsSilenced(alert, now))
            {
                continue;
            }

            foreach (var receiver in _routing.ReceiversFor(alert))
            {
                _notified[(alert.Key, receiver)] = now;
                sends.Add(new ScheduledNotification(receiver, new AlertNotification(alert, NotificationReason.Firing, now)));
            }
        }

        foreach (var alert in transitions.Resolved)
        {
            foreach (var receiver in _routing.ReceiversFor(alert))
            {
                // A receiver never told the alert fired (silenced throughout) is not told it resolved either.
                if (_notified.Remove((alert.Key, receiver)))
                {
                    sends.Add(new ScheduledNotification(receiver, new AlertNotification(alert, NotificationReason.Resolved, now)));
                }
            }
        }

        return sends;
    }

    /// <summary>
    /// Reminders due now for the active alerts; an alert whose silence has ended and that no receiver has heard of yet
    /// is sent as firing.
    /// </summary>
    public IReadOnlyList<ScheduledNotification> Due(IReadOnlyList<AlertEvent> active, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(active);
        var sends = new List<ScheduledNotification>();
        foreach (var alert in active)
        {
            if (_routing.IsSilenced(alert, now))
            {
                continue;
            }

            foreach (var receiver in _routing.ReceiversFor(alert))
            {
                if (!_notified.TryGetValue((alert.Key, receiver), out var last))
                {
                    _notified[(alert.Key, receiver)] = now;
                    sends.Add(new ScheduledNotification(receiver, new AlertNotification(alert, NotificationReason.Firing, now)));
                }
                else if (RepeatInterval(receiver) is { } interval && now - last >= interval)
                {
                    _notified[(alert.Key, receiver)] = now;
                    sends.Add(new ScheduledNotification(receiver, new AlertNotification(alert, NotificationReason.Reminder, now)));
                }
            }
        }

        return sends;
    }

    /// <summary>How often the reminder tick must run to honour the shortest repeat interval.</summary>
    public TimeSpan TickInterval()
    {
        var intervals = _kinds.Keys.Select(RepeatInterval).OfType<TimeSpan>().ToList();
        var shortest = intervals.Count == 0 ? TimeSpan.FromMinutes(1) : intervals.Min();
        return TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromMinutes(1).Ticks));
    }

    private TimeSpan? RepeatInterval(string receiver)
    {
        if (_kinds.GetValueOrDefault(receiver) == ReceiverKind.Alertmanager)
        {
            return _options.AlertmanagerResend;
        }

        return _options.ReminderIntervalMs > 0 ? _options.ReminderInterval : null;
    }
}
