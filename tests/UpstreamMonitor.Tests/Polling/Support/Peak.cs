namespace UpstreamMonitor.Tests.Polling.Support;

/// <summary>Lock-free "remember the highest value seen", for counters that test concurrency (requests in flight).</summary>
internal static class Peak
{
    public static void Raise(ref int peak, int value)
    {
        var current = Volatile.Read(ref peak);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref peak, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
