namespace UpstreamMonitor.Alerts.Detection;

/// <summary>When a consensus slot last moved. Any change of slot restarts the clock; an unknown value does not.</summary>
internal sealed class StallClock
{
    public long? Slot { get; private set; }

    public string? Root { get; private set; }

    public DateTimeOffset Since { get; private set; }

    /// <summary>Records the value seen now; true when the slot moved (the stall, if any, is over).</summary>
    public bool Observe(CheckpointRef? value, DateTimeOffset now)
    {
        if (value is null)
        {
            return false;
        }

        if (Slot is null || value.Slot != Slot)
        {
            var moved = Slot is not null;
            Slot = value.Slot;
            Root = value.Root;
            Since = now;
            return moved;
        }

        return false;
    }

    public TimeSpan StalledFor(DateTimeOffset now) => Slot is null ? TimeSpan.Zero : now - Since;
}
