namespace UpstreamMonitor.Benchmarks.Measurement;

/// <summary>
/// The physical floor of a gated round: N upstreams through C slots, each answering after L, cannot finish sooner than
/// ceil(N / C) batches of L. Overhead is everything the engine adds on top.
/// </summary>
internal static class IdealRound
{
    public static int Batches(int upstreams, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(upstreams);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        return (upstreams + capacity - 1) / capacity;
    }

    /// <summary>ceil(N / min(C, N)) × L; the gate never opens more slots than there are upstreams.</summary>
    public static TimeSpan Duration(int upstreams, int capacity, TimeSpan latency) =>
        latency * Batches(upstreams, capacity);

    /// <summary>measured / ideal: 1.00 is the floor, 1.05 is 5% over it.</summary>
    public static double Ratio(TimeSpan measured, TimeSpan ideal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ideal, TimeSpan.Zero);
        return measured / ideal;
    }

    /// <summary>True when <paramref name="measured"/> is at most <paramref name="tolerance"/> (0.05 = 5%) above ideal.</summary>
    public static bool IsWithin(TimeSpan measured, TimeSpan ideal, double tolerance) =>
        Ratio(measured, ideal) <= 1 + tolerance;
}
