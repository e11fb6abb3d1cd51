namespace UpstreamMonitor.Alerts.Detection;

/// <summary>
/// A condition that must hold for <c>fireAfter</c> consecutive observations to fire and be absent for
/// <c>resolveAfter</c> consecutive observations to resolve, so one noisy round neither raises nor clears an alert.
/// </summary>
internal sealed class DampedCondition(int fireAfter, int resolveAfter)
{
    private int _present;
    private int _absent;

    public bool Firing { get; private set; }

    /// <summary>Records one observation; returns the change it caused.</summary>
    public ConditionChange Observe(bool present)
    {
        if (present)
        {
            _present++;
            _absent = 0;
            if (!Firing && _present >= fireAfter)
            {
                Firing = true;
                return ConditionChange.Fired;
            }
        }
        else
        {
            _absent++;
            _present = 0;
            if (Firing && _absent >= resolveAfter)
            {
                Firing = false;
                return ConditionChange.Resolved;
            }
        }

        return ConditionChange.None;
    }
}

internal enum ConditionChange
{
    None,
    Fired,
    Resolved,
}
