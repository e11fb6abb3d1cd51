namespace UpstreamMonitor.Alerts;

/// <summary>
/// The read model of the alerts active now, for <c>GET /api/alerts</c>, the dashboard and the
/// <c>upstream_monitor_alert_active</c> gauge. One writer (the alert pipeline); readers get an immutable list.
/// </summary>
public sealed class ActiveAlerts
{
    private IReadOnlyList<AlertEvent> _current = [];

    public IReadOnlyList<AlertEvent> Current => Volatile.Read(ref _current);

    /// <summary>Raised after each change, on the pipeline's thread; handlers must be quick and must not throw.</summary>
    public event Action<IReadOnlyList<AlertEvent>>? Changed;

    /// <summary>Raised for every alert that fired or resolved, after <see cref="Changed"/>; same rules for handlers.</summary>
    public event Action<AlertEvent>? Transitioned;

    public void Replace(IReadOnlyList<AlertEvent> active, AlertTransitions? transitions = null)
    {
        ArgumentNullException.ThrowIfNull(active);
        Volatile.Write(ref _current, active);
        Changed?.Invoke(active);
        if (transitions is null || Transitioned is not { } transitioned)
        {
            return;
        }

        foreach (var alert in transitions.Fired)
        {
            transitioned(alert);
        }

        foreach (var alert in transitions.Resolved)
        {
            transitioned(alert);
        }
    }
}
