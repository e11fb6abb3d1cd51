namespace UpstreamMonitor.Tests.Browser;

/// <summary>
/// Real time moved to start at a chosen instant: the snapshots' fixed timestamps stay "a second ago" when a browser
/// test begins, and relative times and timers still run at wall-clock speed.
/// </summary>
public sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly TimeSpan _offset = System.GetUtcNow() - start;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() - _offset;
}
